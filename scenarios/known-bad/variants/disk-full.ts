// Broken for `disk-full`: marks each migration as applied before running it, in a transaction of its
// own. When the disk fills during the migration, the migration rolls back but its history row stays,
// and every later start skips it.
import { baselineInitial } from '../../../app/baseline.ts'
import { HISTORY_DDL, readHistory, recordMigration } from '../../../app/history.ts'
import { MIGRATIONS_DIR } from '../../../app/init-db.ts'
import { INITIAL_MIGRATION } from '../../../app/migrate.ts'
import { readMigrationFiles } from '../../../app/migration-files.ts'
import { withDatabase } from './database.ts'

export function initDb(path: string): void {
  withDatabase(path, (db) => {
    db.exec(HISTORY_DDL)
    db.transaction(() => baselineInitial(db, INITIAL_MIGRATION, readHistory(db)))()
    const history = readHistory(db)
    for (const migration of readMigrationFiles(MIGRATIONS_DIR)) {
      if (history.includes(migration.name)) continue
      recordMigration(db, migration.name)
      db.transaction(() => db.exec(migration.sql))()
    }
  })
}
