// Broken for `interrupted`, more quietly: each migration and its history row go to SQLite as one script
// (one exec call) with no transaction around it. SQLite runs a script statement by statement, so a kill
// part-way leaves half a migration behind, unrecorded.
import { pendingMigrations, withDatabase } from './database.ts'

export function initDb(path: string): void {
  withDatabase(path, (db) => {
    for (const migration of pendingMigrations(db)) {
      db.exec(
        `${migration.sql};\nINSERT INTO schema_migrations (migration_name, applied_at) VALUES ('${migration.name}', '2025-01-01T00:00:00Z');`,
      )
    }
  })
}
