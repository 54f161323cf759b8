import type { Database } from 'better-sqlite3'
import { quoteIdent } from './sql-text.ts'

/** A table as data comparison sees it. */
export interface TableInfo {
  name: string
  type: 'table' | 'virtual'
  /** The CREATE statement (for virtual tables, to see the module and its options). */
  sql: string
}

/** A column with its declared type. */
export interface ColumnInfo {
  name: string
  type: string
  /** Position in the primary key (0 when not part of it). */
  pk: number
}

/**
 * The user tables of one schema of an open connection: normal and virtual tables, without SQLite's
 * own (`sqlite_*`) and without virtual tables' shadow tables, which are compared through the
 * virtual table itself. Sorted by name.
 */
export function listTables(db: Database, schema = 'main'): TableInfo[] {
  const rows = db.prepare(`PRAGMA ${quoteIdent(schema)}.table_list`).all() as { name: string; type: string }[]
  const sqlOf = db.prepare(
    `SELECT sql FROM ${quoteIdent(schema)}.sqlite_schema WHERE type = 'table' AND name = ?`,
  )
  return rows
    .filter((row) => (row.type === 'table' || row.type === 'virtual') && !/^sqlite_/i.test(row.name))
    .map((row) => ({
      name: row.name,
      type: row.type as TableInfo['type'],
      sql: String(sqlOf.pluck().get(row.name) ?? ''),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** The visible columns of a table (generated and hidden columns are derived, so not listed). */
export function listColumns(db: Database, schema: string, table: string): ColumnInfo[] {
  return db.prepare(`PRAGMA ${quoteIdent(schema)}.table_info(${quoteIdent(table)})`).all() as ColumnInfo[]
}
