import Database from 'better-sqlite3'
import { baselineInitial } from '../../../app/baseline.ts'
import { HISTORY_DDL, readHistory } from '../../../app/history.ts'
import { MIGRATIONS_DIR } from '../../../app/init-db.ts'
import { INITIAL_MIGRATION } from '../../../app/migrate.ts'
import { readMigrationFiles, type MigrationFile } from '../../../app/migration-files.ts'

/** Whether the file holds no table yet (a new install, as opposed to an upgrade). */
export function isNewDatabase(path: string): boolean {
  return withDatabase(
    path,
    (db) => db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() === 0,
  )
}

/** Opens the database, runs `work`, and closes it whatever happens. */
export function withDatabase<T>(path: string, work: (db: Database.Database) => T): T {
  const db = new Database(path)
  try {
    db.pragma('busy_timeout = 5000')
    return work(db)
  } finally {
    db.close()
  }
}

/**
 * The naive start-up these variants share: make the history table, baseline a database made before it,
 * read the history once, and return the migrations it lacks. What each variant then does wrong with
 * them is its own.
 */
export function pendingMigrations(db: Database.Database): MigrationFile[] {
  db.exec(HISTORY_DDL)
  db.transaction(() => baselineInitial(db, INITIAL_MIGRATION, readHistory(db)))()
  const history = readHistory(db)
  return readMigrationFiles(MIGRATIONS_DIR).filter((migration) => !history.includes(migration.name))
}
