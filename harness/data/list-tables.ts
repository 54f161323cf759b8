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
  /** Whether the table is STRICT (its ANY columns then keep every value as given). */
  strict: boolean
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
  // One query: table_list knows which tables are virtual tables' shadows, sqlite_schema has the rest.
  // Names match as SQLite matches them, without case; a table with no entry is still listed.
  const rows = db
    .prepare(
      `SELECT l.name, l.type, l.strict, s.sql, s.rootpage FROM pragma_table_list AS l
       LEFT JOIN ${quoteIdent(schema)}.sqlite_schema AS s
         ON s.type = 'table' AND s.name = l.name COLLATE NOCASE
       WHERE l.schema = ?`,
    )
    .all(schema) as {
    name: string
    type: string
    strict: number
    sql: string | null
    rootpage: number | null
  }[]
  return rows
    .filter((row) => (row.type === 'table' || row.type === 'virtual') && !/^sqlite_/i.test(row.name))
    .map((row) => ({
      name: row.name,
      type: row.type as TableInfo['type'],
      sql: row.sql ?? '',
      rootpage: row.rootpage ?? 0,
      strict: row.strict === 1,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** The visible columns of a table (generated and hidden columns are derived, so not listed). */
export function listColumns(db: Database, schema: string, table: string): ColumnInfo[] {
  return db.prepare(`PRAGMA ${quoteIdent(schema)}.table_info(${quoteIdent(table)})`).all() as ColumnInfo[]
}

/** Most CREATE statements whose columns are kept (see {@link listDeclaredColumns}). */
const MAX_CACHED_TABLES = 10_000
const columnsBySql = new Map<string, readonly DeclaredColumn[]>()

/**
 * Every column of a table as declared, in order, hidden and generated ones included. A normal table's
 * columns follow from its CREATE statement alone, and a run meets the same statements in snapshot after
 * snapshot, so they are kept by statement.
 */
export function listDeclaredColumns(
  db: Database,
  schema: string,
  table: TableInfo,
): readonly DeclaredColumn[] {
  const key = table.type === 'table' && table.sql !== '' ? table.sql : undefined
  const known = key === undefined ? undefined : columnsBySql.get(key)
  if (known) return known
  const columns = db
    .prepare(`PRAGMA ${quoteIdent(schema)}.table_xinfo(${quoteIdent(table.name)})`)
    .all() as DeclaredColumn[]
  if (key !== undefined) {
    if (columnsBySql.size >= MAX_CACHED_TABLES) columnsBySql.clear()
    columnsBySql.set(key, columns)
  }
  return columns
}
