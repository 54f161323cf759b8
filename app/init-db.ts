import Database from 'better-sqlite3'
import { baselineInitial } from './baseline.ts'
import { HISTORY_DDL, readHistory, recordMigration } from './history.ts'
import { MigrationError } from './migration-error.ts'
import { readMigrationFiles, type MigrationFile } from './migration-files.ts'

/** How long a start waits for another process's write lock before failing (ms). */
export const BUSY_TIMEOUT_MS = 5000

/** The migrations this release ships, resolved from this module so that it also works bundled. */
export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url)

/** The first released schema; recorded rather than run on databases that already hold it. */
export const INITIAL_MIGRATION = '0000_initial'

/**
 * Creates or upgrades the database at `path` and closes it. Every change to the schema is a
 * migration; each pending one runs in its own write transaction together with its history row, so a
 * crash leaves the database at a migration boundary and two processes starting at once never apply
 * one twice. Throws, changing nothing, on a database whose history holds a migration this release
 * does not know (a newer release made it), and throws a {@link MigrationError} naming the migration
 * when one fails.
 */
export function initDb(path: string): void {
  const migrations = readMigrationFiles(MIGRATIONS_DIR)
  const db = new Database(path)
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    // Refuse before anything writes, WAL's header change included: a newer release's database must
    // be left byte for byte as it was.
    withWriteLock(db, () => refuseUnknown(readHistory(db), migrations), 'ROLLBACK')
    db.pragma('journal_mode = WAL')
    // A table rebuild drops and renames tables, which enforced foreign keys would cascade into or
    // refuse. The pragma is ignored inside a transaction, so it is set here, and each migration
    // checks the keys itself before it commits.
    db.pragma('foreign_keys = OFF')
    for (let applied = true; applied;) applied = applyNext(db, migrations)
  } finally {
    db.close()
  }
}

/**
 * Applies the first pending migration under the write lock, reading the history only once the lock
 * is held. Returns false when none was pending.
 */
function applyNext(db: Database.Database, migrations: readonly MigrationFile[]): boolean {
  return withWriteLock(
    db,
    () => {
      db.exec(HISTORY_DDL)
      let history = readHistory(db)
      refuseUnknown(history, migrations)
      if (baselineInitial(db, INITIAL_MIGRATION, history)) history = readHistory(db)
      const next = migrations.find((migration) => !history.includes(migration.name))
      if (next === undefined) return false
      runMigration(db, next)
      return true
    },
    'COMMIT',
  )
}

function runMigration(db: Database.Database, migration: MigrationFile): void {
  try {
    db.exec(migration.sql)
    recordMigration(db, migration.name)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new MigrationError(migration.name, `migration "${migration.name}" failed: ${message}`, {
      cause: error,
    })
  }
  const violations = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
  const first = violations[0]
  if (first !== undefined) {
    throw new MigrationError(
      migration.name,
      `migration "${migration.name}" failed: ${violations.length} rows break foreign keys, ` +
        `first ${first.table} rowid ${first.rowid} (no such row in ${first.parent})`,
    )
  }
}

function refuseUnknown(history: readonly string[], migrations: readonly MigrationFile[]): void {
  const known = new Set(migrations.map((migration) => migration.name))
  const unknown = history.filter((name) => !known.has(name))
  const first = unknown[0]
  if (first === undefined) return
  throw new MigrationError(
    first,
    `history holds migration${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `"${name}"`).join(', ')} ` +
      `that this release does not know (a newer release made this database); refusing to start`,
  )
}

/** Runs `work` inside `BEGIN IMMEDIATE`, ending with `end` on success and ROLLBACK on failure. */
function withWriteLock<T>(db: Database.Database, work: () => T, end: 'COMMIT' | 'ROLLBACK'): T {
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = work()
    db.exec(end)
    return result
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw error
  }
}
