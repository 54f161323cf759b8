// Broken for `concurrent-start`: reads the history before taking the write lock, so two processes
// starting together both see a migration as pending and both try to apply it.
import { recordMigration } from '../../../app/history.ts'
import { pendingMigrations, withDatabase } from './database.ts'

export function initDb(path: string): void {
  withDatabase(path, (db) => {
    for (const migration of pendingMigrations(db)) {
      db.transaction(() => {
        db.exec(migration.sql)
        recordMigration(db, migration.name)
      })()
    }
  })
}
