import Database from 'better-sqlite3'
import { baselineInitial } from '../../../app/baseline.ts'
import { HISTORY_DDL, readHistory } from '../../../app/history.ts'
import { BUSY_TIMEOUT_MS, MIGRATIONS_DIR } from '../../../app/init-db.ts'
import { INITIAL_MIGRATION, refuseUnknown } from '../../../app/migrate.ts'
import { readMigrationFiles, type MigrationFile } from '../../../app/migration-files.ts'
import { switchToWal } from '../../../app/switch-to-wal.ts'

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
 * The naive start-up these variants share: refuse a newer release's database and switch to WAL as the
 * current app does, make the history table, baseline a database made before it, read the history once,
 * and return the migrations it lacks. What each variant then does wrong with them is its own: the rest
 * is the app's, so that each variant breaks only the checks its defect breaks (without the first two,
 * every one of them also failed matches-fresh on the journal mode and refuses-newer). With `refuseFirst`
 * false the history is read before the refusal's brief write lock: starts released together then read it
 * at the same moment, where that lock's busy waits would space them out.
 */
export function pendingMigrations(db: Database.Database, { refuseFirst = true } = {}): MigrationFile[] {
  const migrations = readMigrationFiles(MIGRATIONS_DIR)
  const refuse = () => {
    refuseUnknown(db, migrations)
    switchToWal(db, BUSY_TIMEOUT_MS)
  }
  if (refuseFirst) refuse()
  db.exec(HISTORY_DDL)
  db.transaction(() => baselineInitial(db, INITIAL_MIGRATION, readHistory(db)))()
  const history = readHistory(db)
  if (!refuseFirst) refuse()
  return migrations.filter((migration) => !history.includes(migration.name))
}
