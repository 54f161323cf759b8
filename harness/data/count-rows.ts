import Database from 'better-sqlite3'
import { listTables } from './list-tables.ts'
import { quoteIdent } from './sql-text.ts'

/**
 * Rows per user table of a database file (normal tables only: not `sqlite_*`, not virtual tables
 * or their shadow tables), keyed by table name in name order. Opens the file read-only.
 */
export function countRows(dbPath: string): Record<string, number> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    return countRowsIn(db)
  } finally {
    db.close()
  }
}

/** {@link countRows} on an open connection's main database. */
export function countRowsIn(db: Database.Database): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const table of listTables(db).filter((t) => t.type === 'table')) {
    counts[table.name] = Number(
      db
        .prepare(`SELECT count(*) FROM ${quoteIdent(table.name)}`)
        .pluck()
        .get(),
    )
  }
  return counts
}
