import type { Database } from 'better-sqlite3'

/** The table that records applied migrations. */
export const HISTORY_TABLE = 'schema_migrations'

/** The history table, as every release since v0.9.5 created it. */
export const HISTORY_DDL = `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
  migration_name TEXT PRIMARY KEY,
  applied_at TEXT NOT NULL
)`

/** Whether the history table exists (databases made by v0.1.0 have none). */
export function hasHistory(db: Database): boolean {
  const row = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get()
  return row !== undefined
}

/** Applied migration names in the order they were recorded (rowid order). */
export function readHistory(db: Database): string[] {
  if (!hasHistory(db)) return []
  return db.prepare('SELECT migration_name FROM schema_migrations ORDER BY rowid').pluck().all() as string[]
}

/** Records one migration as applied now (ISO 8601, UTC). */
export function recordMigration(db: Database, name: string, appliedAt = new Date().toISOString()): void {
  db.prepare('INSERT INTO schema_migrations (migration_name, applied_at) VALUES (?, ?)').run(name, appliedAt)
}
