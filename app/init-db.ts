import Database from 'better-sqlite3'
import { applyPending, refuseUnknown } from './migrate.ts'
import { readMigrationFiles } from './migration-files.ts'
import { switchToWal } from './switch-to-wal.ts'

/** How long a start waits for another process's write lock before failing (ms). */
export const BUSY_TIMEOUT_MS = 5000

/** The migrations this release ships, resolved from this module so that it also works bundled. */
export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url)

/**
 * Creates or upgrades the database at `path` and closes it, on failure too. Every change to the
 * schema is a migration; each pending one runs in its own write transaction together with its
 * history row, so a crash leaves the database at a migration boundary and two processes starting at
 * once never apply one twice. Throws a `MigrationError`, changing nothing, on a database whose
 * history holds a migration this release does not know, and one naming the migration (with SQLite's
 * message) when a migration fails; a `HistoryError` naming the step when the runner's own bookkeeping
 * (the write lock, the history table) fails outside any migration.
 */
export function initDb(path: string): void {
  const migrations = readMigrationFiles(MIGRATIONS_DIR)
  const db = new Database(path)
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    // Refuse before anything writes, WAL's header change included: a newer release's database must
    // be left byte for byte as it was.
    refuseUnknown(db, migrations)
    switchToWal(db, BUSY_TIMEOUT_MS)
    // A table rebuild drops and renames tables, which enforced foreign keys would cascade into or
    // refuse. The pragma is ignored inside a transaction, so it is set here, and each migration
    // checks the keys itself before it commits.
    db.pragma('foreign_keys = OFF')
    applyPending(db, migrations)
  } finally {
    db.close()
  }
}
