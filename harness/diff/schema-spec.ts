/**
 * Test support for the property tests: a schema described as data, so that one schema can be written
 * as SQL in many legal forms and mutated one feature at a time.
 */

/** A column of a generated schema. */
export interface ColumnSpec {
  name: string
  type: string
  notNull: boolean
  /** A literal (`'x'`, `0`, `-1`) or `datetime('now')` (always parenthesised in SQL). */
  default: string | undefined
  collation: 'NOCASE' | 'RTRIM' | undefined
  /** Column-level CHECK on this column's length. */
  check: number | undefined
  /** Generated as `id * factor`. */
  generated: { factor: number; storage: 'STORED' | 'VIRTUAL' } | undefined
}

/** A foreign key to another table's `id`. */
export interface ForeignKeySpec {
  column: string
  parent: string
  onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT' | 'NO ACTION'
  match: 'SIMPLE' | 'FULL' | undefined
  deferred: boolean
}

/** A table of a generated schema; its first column is always `id`. */
export interface TableSpec {
  name: string
  withoutRowid: boolean
  strict: boolean
  columns: ColumnSpec[]
  /** Table-level CHECK: `id > n`. */
  check: number | undefined
  /** Table-level UNIQUE over these columns. */
  unique: string[] | undefined
  /** The UNIQUE's ON CONFLICT clause; none when undefined. */
  uniqueConflict: 'REPLACE' | 'IGNORE' | 'ABORT' | undefined
  foreignKeys: ForeignKeySpec[]
}

/** An index of a generated schema. */
export interface IndexSpec {
  name: string
  table: string
  unique: boolean
  keys: { column: string; lower: boolean; desc: boolean; nocase: boolean }[]
  /** Partial index on `column IS NOT NULL`. */
  where: string | undefined
}

/** A whole generated schema. */
export interface SchemaSpec {
  userVersion: number
  applicationId: number
  tables: TableSpec[]
  indexes: IndexSpec[]
  /** One trigger per listed table: AFTER INSERT, selecting `message`. */
  triggers: { name: string; table: string; message: string }[]
  /** One view per listed table: ids above `min`. */
  views: { name: string; table: string; min: number }[]
  virtualTables: { name: string; module: 'fts5' | 'rtree'; porter: boolean }[]
}
