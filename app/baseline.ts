import type { Database } from 'better-sqlite3'
import { MigrationError } from './migration-error.ts'
import { recordMigration } from './history.ts'

/** The tables that the first schema (`0000_initial`) creates. */
export const INITIAL_TABLES: readonly string[] = ['notes', 'sessions', 'tokens', 'auth_state']

/**
 * Databases made before `0000_initial` was a migration (v0.1.0 kept no history; v0.9.5 and
 * v1.0.0-rc.1 created the first schema from a script) already hold that schema: record it as applied
 * instead of running it. Returns whether it did. A database with only some of those tables is
 * nobody's schema and is refused. Runs inside the caller's write transaction.
 */
export function baselineInitial(db: Database, initial: string, history: readonly string[]): boolean {
  if (history.includes(initial)) return false
  const present = new Set(
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
  )
  const found = INITIAL_TABLES.filter((table) => present.has(table))
  if (found.length === 0) return false
  if (found.length < INITIAL_TABLES.length) {
    const missing = INITIAL_TABLES.filter((table) => !present.has(table))
    throw new MigrationError(
      initial,
      `migration "${initial}": database has tables ${found.join(', ')} but not ${missing.join(', ')}; it was not made by this app`,
    )
  }
  const first = db.prepare('SELECT rowid, applied_at FROM schema_migrations ORDER BY rowid LIMIT 1').get() as
    { rowid: number; applied_at: string } | undefined
  if (first === undefined) {
    recordMigration(db, initial)
    return true
  }
  // The first schema predates every recorded migration: file it ahead of them, so that the history
  // reads in the order the schema evolved, as it does on a database built from empty.
  db.prepare('INSERT INTO schema_migrations (rowid, migration_name, applied_at) VALUES (?, ?, ?)').run(
    first.rowid - 1,
    initial,
    first.applied_at,
  )
  return true
}
