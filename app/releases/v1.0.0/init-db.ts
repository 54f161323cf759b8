import { readFileSync, readdirSync } from 'node:fs'
import Database from 'better-sqlite3'

/** How long a start waits for another process's write lock before failing (ms). */
const BUSY_TIMEOUT_MS = 5000

/** The migrations this release shipped: `0000_initial` (the first schema) and every change since. */
const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url)

const INITIAL_MIGRATION = '0000_initial'
const INITIAL_TABLES = ['notes', 'sessions', 'tokens', 'auth_state']

const HISTORY_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  migration_name TEXT PRIMARY KEY,
  applied_at TEXT NOT NULL
)`

interface Migration {
  name: string
  sql: string
}

/**
 * Start-up path of v1.0.0, frozen as shipped: the fix for rc.1. There is no schema script any more;
 * migrations run first, each pending one in its own write transaction with its history row. A
 * database made before `0000_initial` was a migration (v0.1.0 without a history, v0.9.5 and rc.1
 * whose scripts made the first schema) gets `0000_initial` recorded as its baseline instead of run.
 * A history holding a migration this release does not know is refused before anything is written.
 */
export function initDb(path: string): void {
  const migrations: Migration[] = readdirSync(MIGRATIONS_DIR)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => ({ name: file.slice(0, -4), sql: readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8') }))
  const known = new Set(migrations.map((migration) => migration.name))
  const db = new Database(path)
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    locked(db, 'ROLLBACK', () => refuseUnknown(readHistory(db), known))
    db.pragma('journal_mode = WAL')
    for (;;) {
      const pending = locked(db, 'COMMIT', () => {
        db.exec(HISTORY_DDL)
        let history = readHistory(db)
        refuseUnknown(history, known)
        if (!history.includes(INITIAL_MIGRATION) && holdsInitialSchema(db)) {
          baseline(db)
          history = readHistory(db)
        }
        const next = migrations.find((migration) => !history.includes(migration.name))
        if (next === undefined) return false
        try {
          db.exec(next.sql)
          db.prepare('INSERT INTO schema_migrations (migration_name, applied_at) VALUES (?, ?)').run(
            next.name,
            new Date().toISOString(),
          )
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error)
          throw new Error(`migration "${next.name}" failed: ${message}`, { cause: error })
        }
        return true
      })
      if (!pending) break
    }
  } finally {
    db.close()
  }
}

function readHistory(db: Database.Database): string[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
  if (exists.get() === undefined) return []
  return db.prepare('SELECT migration_name FROM schema_migrations ORDER BY rowid').pluck().all() as string[]
}

function refuseUnknown(history: string[], known: Set<string>): void {
  const unknown = history.filter((name) => !known.has(name))
  if (unknown.length > 0) {
    throw new Error(
      `history holds unknown migrations ${unknown.join(', ')} (a newer release?); refusing to start`,
    )
  }
}

function holdsInitialSchema(db: Database.Database): boolean {
  const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all())
  const found = INITIAL_TABLES.filter((table) => tables.has(table))
  if (found.length === 0) return false
  if (found.length < INITIAL_TABLES.length) {
    throw new Error(`database has tables ${found.join(', ')} but not all of ${INITIAL_TABLES.join(', ')}`)
  }
  return true
}

/** Records the first schema ahead of any recorded migration: it predates them all. */
function baseline(db: Database.Database): void {
  const first = db.prepare('SELECT rowid, applied_at FROM schema_migrations ORDER BY rowid LIMIT 1').get() as
    { rowid: number; applied_at: string } | undefined
  db.prepare('INSERT INTO schema_migrations (rowid, migration_name, applied_at) VALUES (?, ?, ?)').run(
    first === undefined ? null : first.rowid - 1,
    INITIAL_MIGRATION,
    first?.applied_at ?? new Date().toISOString(),
  )
}

function locked<T>(db: Database.Database, end: 'COMMIT' | 'ROLLBACK', work: () => T): T {
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
