// Broken for `concurrent-start`: reads the history before taking the write lock, so two processes
// starting together both see a migration as pending and both try to apply it.
import { recordMigration } from '../../../app/history.ts'
import { pendingMigrations, withDatabase } from './database.ts'

export function initDb(path: string): void {
  withDatabase(path, (db) => {
    // Read first thing, as a start-up that never thought of a second process would: the refusal's brief
    // write lock before it would space the starts out and hide the race on a fast upgrade.
    for (const migration of pendingMigrations(db, { refuseFirst: false })) {
      db.transaction(() => {
        db.exec(migration.sql)
        recordMigration(db, migration.name)
      })()
    }
  })
}
