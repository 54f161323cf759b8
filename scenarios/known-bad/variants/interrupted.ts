// Broken for `interrupted`: runs each migration and then records it, with no transaction around the
// two. Killed in between, the migration is applied but not recorded, and the next start applies it again.
import { baselineInitial } from '../../../app/baseline.ts'
import { HISTORY_DDL, readHistory, recordMigration } from '../../../app/history.ts'
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
      db.exec(migration.sql)
      recordMigration(db, migration.name)
    }
  })
}
