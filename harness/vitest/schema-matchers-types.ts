import type { Database } from 'better-sqlite3'
import type { HistorySpec } from '../config/types.ts'
import type { DiffOptions } from '../diff/types.ts'

/** A database as the schema matchers accept it: a file path or an open better-sqlite3 connection. */
export type DatabaseLike = string | Database

/** Column properties `toHaveColumn` can check; each one given must match. */
export interface ColumnExpectation {
  /** Declared type, compared case-insensitively (`'TEXT'`). */
  type?: string
  notNull?: boolean
  /**
   * Default expression as SQL (`"'draft'"`, `'0'`, `'-1'`), read as the schema keeps one, or `null` (or
   * `'NULL'`) for no default.
   */
  default?: string | null
  /** True for any primary key column, or its 1-based key position. */
  primaryKey?: boolean | number
  /** Collation name (`'NOCASE'`); `'BINARY'` for the default. */
  collation?: string
  /** Generated column storage, or false for an ordinary column. */
  generated?: 'STORED' | 'VIRTUAL' | false
  /** Covered by a single-column UNIQUE constraint. */
  unique?: boolean
}

/** Index properties `toHaveIndex` can check. */
export interface IndexExpectation {
  /** The index's name (then only CREATE INDEX indexes match, not UNIQUE constraints). */
  name?: string
  unique?: boolean
  /** Partial-index predicate as SQL, or `null` for a full index. */
  where?: string | null
}

/** The schema matchers, as they appear on `expect(...)`. */
export interface SchemaMatchers<R = unknown> {
  /** The database's schema equals `expected`'s; the failure message is the structural diff. */
  toMatchSchema(expected: DatabaseLike, options?: DiffOptions): R
  /**
   * The table has the column, with the given properties. An ordinary table only: a virtual table, its
   * shadow tables or a view fail the assertion either way (`.not` included), saying what the name is.
   */
  toHaveColumn(table: string, column: string, props?: ColumnExpectation): R
  /**
   * The table has an index on exactly these keys, in order: one made by CREATE INDEX, or the one SQLite
   * keeps for a UNIQUE constraint or for a primary key that is not the rowid. An ordinary table only: a
   * virtual table, its shadow tables or a view fail the assertion either way (`.not` included), saying
   * what the name is.
   */
  toHaveIndex(table: string, columns: string[], props?: IndexExpectation): R
  /**
   * The migration history holds exactly these names, in order, or (given a number) that many migrations
   * (default history: `schema_migrations.migration_name`). With `{ pragma: 'user_version' }`,
   * user_version must equal the number given, or the list's length.
   */
  toHaveAppliedMigrations(names: readonly string[] | number, history?: HistorySpec): R
}

declare module 'vitest' {
  // The type parameter must repeat vitest's declaration exactly, `any` included.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars, @typescript-eslint/no-explicit-any
  interface Assertion<T = any> extends SchemaMatchers<void> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends SchemaMatchers {}
}
