import type { Database } from 'better-sqlite3'
import type { HistorySpec } from '../config/types.ts'
import { quoteIdent } from '../data/sql-text.ts'

/**
 * The migration history of an open database, in the order it was recorded: the names in the history
 * table (by rowid, falling back to the name's order for WITHOUT ROWID tables), or `user_version N`.
 * Undefined when the history table does not exist (a database made before it was introduced).
 */
export function readHistory(db: Database, spec: HistorySpec): string[] | undefined {
  if ('pragma' in spec) return [`user_version ${String(db.pragma('user_version', { simple: true }))}`]
  const exists = db
    .prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ? COLLATE NOCASE`)
    .pluck()
    .get(spec.table)
  if (exists === undefined) return undefined
  const table = quoteIdent(spec.table)
  const column = quoteIdent(spec.column)
  try {
    return db.prepare(`SELECT ${column} FROM ${table} ORDER BY rowid`).pluck().all().map(String)
  } catch {
    return db.prepare(`SELECT ${column} FROM ${table} ORDER BY ${column}`).pluck().all().map(String)
  }
}

/** The history as one line: `schema_migrations.migration_name: 0000_initial, 0001_code_verifier`. */
export function describeHistory(spec: HistorySpec, names: string[] | undefined): string {
  if ('pragma' in spec) return names?.[0] ?? 'user_version 0'
  const where = `${spec.table}.${spec.column}`
  if (names === undefined) return `${where}: no history table`
  return `${where}: ${names.length === 0 ? '(empty)' : names.join(', ')}`
}
