// Broken for `interrupted`, more quietly: each migration and its history row go to SQLite as one script
// (one exec call) with no transaction around it. SQLite runs a script statement by statement, so a kill
// part-way leaves half a migration behind, unrecorded.
import { baselineInitial } from '../../../app/baseline.ts'
import { HISTORY_DDL, readHistory } from '../../../app/history.ts'
import { MIGRATIONS_DIR } from '../../../app/init-db.ts'
import { INITIAL_MIGRATION } from '../../../app/migrate.ts'
import { readMigrationFiles } from '../../../app/migration-files.ts'
import { withDatabase } from './database.ts'

export function initDb(path: string): void {
  withDatabase(path, (db) => {
    db.exec(HISTORY_DDL)
    baselineInitial(db, INITIAL_MIGRATION, readHistory(db))
    const history = readHistory(db)
    for (const migration of readMigrationFiles(MIGRATIONS_DIR)) {
      if (history.includes(migration.name)) continue
      db.exec(
        `${migration.sql};\nINSERT INTO schema_migrations (migration_name, applied_at) VALUES ('${migration.name}', '2025-01-01T00:00:00Z');`,
      )
    }
  })
}
