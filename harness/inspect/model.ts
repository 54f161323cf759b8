/**
 * A SQLite schema as data: what `matches-fresh` compares. Names of tables, indexes, triggers, views
 * and columns are canonical (see `canonicalName`: lower case unless quoting is needed), so the maps
 * are keyed the way SQLite resolves names, case-insensitively.
 */
export interface SchemaModel {
  settings: DatabaseSettings
  /** Ordinary tables by name (internal `sqlite_*` tables and virtual tables' shadow tables excluded). */
  tables: Record<string, TableModel>
  /** Indexes made by CREATE INDEX, by name. UNIQUE and PRIMARY KEY autoindexes live on their table. */
  indexes: Record<string, IndexModel>
  triggers: Record<string, TriggerModel>
  views: Record<string, ViewModel>
  virtualTables: Record<string, VirtualTableModel>
}

/** Database-wide settings kept in the file header or read through pragmas. */
export interface DatabaseSettings {
  userVersion: number
  applicationId: number
  /** `none`, `full` or `incremental`. */
  autoVacuum: 'none' | 'full' | 'incremental'
  /** True when the header's read/write versions (bytes 18 and 19) say WAL. */
  wal: boolean
  /** `UTF-8`, `UTF-16le` or `UTF-16be`. */
  encoding: string
  /** Reported; compared only on request (`DiffOptions.comparePageSize`). */
  pageSize: number
}

/** One table column, from `pragma table_xinfo` plus what only the CREATE statement says. */
export interface ColumnModel {
  name: string
  /**
   * The name exactly as declared (`createdAt`). SQLite finds a column whatever its case, but result
   * rows are keyed by this spelling, so an app that reads rows as objects sees its case.
   */
  spelling: string
  /** 0-based position in the table. */
  position: number
  /** Declared type as written, canonical spacing and upper case (`VARCHAR(10)`); '' when none. */
  type: string
  /** The affinity SQLite derives from the declared type. */
  affinity: 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC'
  notNull: boolean
  /**
   * NOT NULL's conflict resolution (`REPLACE`, `IGNORE`, `FAIL`, `ROLLBACK`); absent for the default,
   * ABORT. `NOT NULL ON CONFLICT REPLACE` stores the default where an INSERT gives NULL.
   */
  notNullConflict?: string
  /** Default expression, canonical, without redundant outer parentheses; undefined when none or `NULL`. */
  default: string | undefined
  /** 1-based position in the primary key, 0 when not part of it. */
  primaryKey: number
  /** Collation name, upper case; undefined for the default (BINARY). */
  collation: string | undefined
  /** Hidden columns of virtual tables (`pragma table_xinfo` hidden = 1). */
  hidden: boolean
  /** Generated column: expression and storage. */
  generated: { expression: string; storage: 'STORED' | 'VIRTUAL' } | undefined
  /** Column-level CHECK expressions, canonical, sorted. */
  checks: string[]
}

/** A UNIQUE constraint (or a WITHOUT ROWID primary key), identified by its columns, not its autoindex name. */
export interface UniqueModel {
  /** Key columns in order, each `name` or `name COLLATE X DESC` when not default. */
  columns: string[]
  /**
   * Conflict resolution (`REPLACE`, `IGNORE`, ...); absent for the default, ABORT. `ON CONFLICT
   * REPLACE` deletes the clashing row where ABORT refuses the new one.
   */
  onConflict?: string
}

/** A foreign key, identified by its child columns and parent table. */
export interface ForeignKeyModel {
  columns: string[]
  parent: string
  /** Parent columns; the parent's primary key when the clause names none. */
  parentColumns: string[]
  onDelete: string
  onUpdate: string
  /** MATCH name, upper case; `NONE` when not written. */
  match: string
  /**
   * `DEFERRABLE INITIALLY DEFERRED`, or `NOT DEFERRABLE` for every other spelling: a DEFERRABLE key
   * that is INITIALLY IMMEDIATE (said or not) is checked at each statement, as NOT DEFERRABLE is.
   */
  deferrable: string
}

/** An ordinary table. */
export interface TableModel {
  name: string
  withoutRowid: boolean
  strict: boolean
  /** INTEGER PRIMARY KEY AUTOINCREMENT. */
  autoincrement: boolean
  columns: ColumnModel[]
  /** Table-level CHECK expressions, canonical, sorted. */
  checks: string[]
  /** UNIQUE constraints (column or table level), sorted by their text. */
  uniques: UniqueModel[]
  foreignKeys: ForeignKeyModel[]
  /**
   * The keys of the index SQLite keeps for a primary key that is not the rowid, as UNIQUE keys read
   * (`id DESC`, `code COLLATE NOCASE`); absent for a rowid alias or a table without a primary key.
   * `INTEGER PRIMARY KEY DESC` is no rowid alias, and a key's order and collation decide what it accepts.
   */
  primaryKeyIndex?: string[]
  /** The primary key's conflict resolution (`REPLACE`, `IGNORE`, ...); absent for the default, ABORT. */
  primaryKeyConflict?: string
}

/** One key of an index: a column or an expression, with order and collation. */
export interface IndexKeyModel {
  /** Column name, or the canonical expression for an expression key. */
  column: string
  expression: boolean
  desc: boolean
  /** Effective collation, upper case. */
  collation: string
}

/** An index made by CREATE INDEX. */
export interface IndexModel {
  name: string
  table: string
  unique: boolean
  keys: IndexKeyModel[]
  /** The WHERE predicate of a partial index, canonical; undefined when not partial. */
  where: string | undefined
}

/** A trigger, compared by its canonical SQL. */
export interface TriggerModel {
  name: string
  table: string
  sql: string
}

/** A view, compared by its canonical SQL. */
export interface ViewModel {
  name: string
  sql: string
  /**
   * The names of its result columns exactly as SQLite gives them (an alias's case included), or one
   * `(cannot be read: ...)` entry when the view no longer compiles (a table or column it reads is gone).
   */
  columns: string[]
}

/** A virtual table: module and arguments. Its shadow tables belong to it and are not listed as tables. */
export interface VirtualTableModel {
  name: string
  /** Module name, lower case (`fts5`, `rtree`). */
  module: string
  /** Module arguments, each canonical. */
  arguments: string[]
  /**
   * The names of its columns exactly as SQLite gives them (their case included: `SELECT *` keys its rows
   * by them), hidden ones left out; empty when this build lacks the module.
   */
  columns: string[]
  /** Names of its shadow tables (reported for reference, not compared). */
  shadowTables: string[]
}
