import Database from 'better-sqlite3'
import type { HistorySpec } from '../config/types.ts'

/**
 * The migration history of a database, oldest first: the history table's names in insertion order, or
 * for a `user_version` history the single version as a string. A missing history table is an empty
 * history (a database made before the table existed).
 */
export function readHistory(dbPath: string, spec: HistorySpec): string[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    if ('pragma' in spec) return [String(db.pragma('user_version', { simple: true }))]
    const exists = db
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ? COLLATE NOCASE")
      .get(spec.table)
    if (!exists) return []
    const table = quoteIdentifier(spec.table)
    const column = quoteIdentifier(spec.column)
    // Insertion order is the order migrations were applied; a WITHOUT ROWID table has no rowid, so
    // fall back to the names' own order there.
    try {
      return db.prepare(`SELECT ${column} AS name FROM ${table} ORDER BY rowid`).pluck().all() as string[]
    } catch {
      return db.prepare(`SELECT ${column} AS name FROM ${table} ORDER BY 1`).pluck().all() as string[]
    }
  } finally {
    db.close()
  }
}

/** Quotes an SQL identifier: `my "table"` becomes `"my ""table"""`. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}
