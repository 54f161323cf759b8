import { readFileSync, readdirSync } from 'node:fs'
import Database from 'better-sqlite3'

/** The latest schema, run on every start before the migrations. */
const SCHEMA_FILE = new URL('./schema.sql', import.meta.url)

/** The migrations this release shipped. */
const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url)

/**
 * Start-up path of v1.0.0-rc.1, frozen as shipped: runs the latest schema script first, then the
 * migrations. On a database that was empty before the script ran (a fresh install) the script has
 * already made everything, so every migration is recorded without running. On a v0.9.5 database this
 * fails: the script's `CREATE TABLE IF NOT EXISTS tokens` is a no-op there, and its
 * `CREATE INDEX ... ON tokens (token_hash)` throws `no such column: token_hash` before migration
 * 0002, which would have rebuilt `tokens`, can run.
 */
export function initDb(path: string): void {
  const schema = readFileSync(SCHEMA_FILE, 'utf8')
  const migrations = readdirSync(MIGRATIONS_DIR)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => ({ name: file.slice(0, -4), sql: readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8') }))
  const db = new Database(path)
  try {
    db.pragma('journal_mode = WAL')
    const freshInstall = db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() === 0
    db.exec(schema)
    const applied = new Set(db.prepare('SELECT migration_name FROM schema_migrations').pluck().all())
    const record = db.prepare('INSERT INTO schema_migrations (migration_name, applied_at) VALUES (?, ?)')
    for (const migration of migrations) {
      if (applied.has(migration.name)) continue
      db.transaction(() => {
        if (!freshInstall) db.exec(migration.sql)
        record.run(migration.name, new Date().toISOString())
      })()
    }
  } finally {
    db.close()
  }
}
