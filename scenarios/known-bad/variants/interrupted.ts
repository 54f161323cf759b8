// Broken for `interrupted`: runs each migration and then records it, with no transaction around the
// two. Killed in between, the migration is applied but not recorded, and the next start applies it again.
import { recordMigration } from '../../../app/history.ts'
import { pendingMigrations, withDatabase } from './database.ts'

export function initDb(path: string): void {
  withDatabase(path, (db) => {
    for (const migration of pendingMigrations(db)) {
      db.exec(migration.sql)
      recordMigration(db, migration.name)
    }
  })
}
