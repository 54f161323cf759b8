// Broken for `concurrent-start`: reads the history before taking the write lock, so two processes
// starting together both see a migration as pending and both try to apply it.
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
      db.transaction(() => {
        db.exec(migration.sql)
        recordMigration(db, migration.name)
      })()
    }
  })
}
