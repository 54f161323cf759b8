import type { Database } from 'better-sqlite3'
import { quoteIdent } from './sql-text.ts'

/** A table as data comparison sees it. */
export interface TableInfo {
  name: string
  type: 'table' | 'virtual'
  /** The CREATE statement (for virtual tables, to see the module and its options). */
  sql: string
  /** The page number of the table's b-tree root (0 for a virtual table). */
  rootpage: number
}

/** A column with its declared type. */
export interface ColumnInfo {
  name: string
  type: string
  /** Position in the primary key (0 when not part of it). */
  pk: number
}

/** A column as `PRAGMA table_xinfo` declares it, hidden and generated ones included. */
export interface DeclaredColumn extends ColumnInfo {
  notnull: number
  dflt_value: string | null
  /** 0 for a visible column, 1 for a virtual table's hidden one, 2 or 3 for a generated one. */
  hidden: number
}

/**
 * The user tables of one schema of an open connection: normal and virtual tables, without SQLite's
 * own (`sqlite_*`) and without virtual tables' shadow tables, which are compared through the
 * virtual table itself. Sorted by name.
 */
export function listTables(db: Database, schema = 'main'): TableInfo[] {
  const rows = db.prepare(`PRAGMA ${quoteIdent(schema)}.table_list`).all() as { name: string; type: string }[]
  const entryOf = db.prepare(
    `SELECT sql, rootpage FROM ${quoteIdent(schema)}.sqlite_schema WHERE type = 'table' AND name = ?`,
  )
  return rows
    .filter((row) => (row.type === 'table' || row.type === 'virtual') && !/^sqlite_/i.test(row.name))
    .map((row) => {
      const entry = entryOf.get(row.name) as { sql: string | null; rootpage: number } | undefined
      return {
        name: row.name,
        type: row.type as TableInfo['type'],
        sql: entry?.sql ?? '',
        rootpage: entry?.rootpage ?? 0,
      }
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** The visible columns of a table (generated and hidden columns are derived, so not listed). */
export function listColumns(db: Database, schema: string, table: string): ColumnInfo[] {
  return db.prepare(`PRAGMA ${quoteIdent(schema)}.table_info(${quoteIdent(table)})`).all() as ColumnInfo[]
}

/** Every column of a table as declared, in order, hidden and generated ones included. */
export function listDeclaredColumns(db: Database, schema: string, table: string): DeclaredColumn[] {
  return db
    .prepare(`PRAGMA ${quoteIdent(schema)}.table_xinfo(${quoteIdent(table)})`)
    .all() as DeclaredColumn[]
}
