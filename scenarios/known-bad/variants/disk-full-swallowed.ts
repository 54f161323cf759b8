// Broken for `disk-full`, more quietly: each migration runs in one transaction with its history row, but
// a migration that fails is logged and skipped so that the service still comes up. When the disk fills,
// the start reports success on a database that was never upgraded.
import { recordMigration } from '../../../app/history.ts'
import { pendingMigrations, withDatabase } from './database.ts'

export function initDb(path: string): void {
  withDatabase(path, (db) => {
    for (const migration of pendingMigrations(db)) {
      try {
        db.transaction(() => {
          db.exec(migration.sql)
          recordMigration(db, migration.name)
        }).immediate()
      } catch (error) {
        console.error(`migration ${migration.name} failed, starting without it:`, error)
      }
    }
  })
}
