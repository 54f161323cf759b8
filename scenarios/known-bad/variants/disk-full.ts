// Broken for `disk-full`: marks each migration as applied before running it, in a transaction of its
// own. When the disk fills during the migration, the migration rolls back but its history row stays,
// and every later start skips it.
import { recordMigration } from '../../../app/history.ts'
import { pendingMigrations, withDatabase } from './database.ts'

export function initDb(path: string): void {
  withDatabase(path, (db) => {
    for (const migration of pendingMigrations(db)) {
      recordMigration(db, migration.name)
      db.transaction(() => db.exec(migration.sql))()
    }
  })
}
