import type { Database } from 'better-sqlite3'
import { affinityOf } from '../data/affinity.ts'
import { canonicalName, normalizeDefault, renderTokens } from './normalize-sql.ts'
import {
  canonicalCollation,
  parseCreateTable,
  type ParsedConflict,
  type ParsedTable,
} from './parse-create-table.ts'
import type { ColumnModel, ForeignKeyModel, TableModel, UniqueModel } from './model.ts'
import { tokenize } from './tokenize.ts'

interface ColumnRow {
  tbl: string
  name: string
  type: string
  notnull: number
  dflt_value: string | null
  pk: number
  hidden: number
}

interface ForeignKeyRow {
  tbl: string
  id: number
  table: string
  from: string
  to: string | null
  on_update: string
  on_delete: string
}

interface UniqueKeyRow {
  tbl: string
  idx: string
  name: string | null
  desc: number
  coll: string
}

/** One row per column of every ordinary table: a single query instead of one pragma per table. */
const COLUMNS_SQL = `SELECT l.name AS tbl, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden
  FROM pragma_table_list AS l JOIN pragma_table_xinfo(l.name) AS p
  WHERE l.schema = 'main' AND l.type = 'table' AND l.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
  ORDER BY l.name, p.cid`

const FOREIGN_KEYS_SQL = `SELECT l.name AS tbl, f.id, f."table", f."from", f."to", f.on_update, f.on_delete
  FROM pragma_table_list AS l JOIN pragma_foreign_key_list(l.name) AS f
  WHERE l.schema = 'main' AND l.type = 'table' AND l.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
  ORDER BY l.name, f.id, f.seq`

const UNIQUE_KEYS_SQL = `SELECT l.name AS tbl, i.name AS idx, x.name, x."desc", x.coll
  FROM pragma_table_list AS l JOIN pragma_index_list(l.name) AS i JOIN pragma_index_xinfo(i.name) AS x
  WHERE l.schema = 'main' AND l.type = 'table' AND i.origin = 'u' AND x.key = 1
  ORDER BY l.name, i.name, x.seqno`

/** The keys of the index SQLite keeps for a primary key that is not the rowid (none for a rowid alias). */
const PRIMARY_KEY_INDEX_SQL = UNIQUE_KEYS_SQL.replace("i.origin = 'u'", "i.origin = 'pk'")

/** A declared type as the model keeps it: `VARCHAR(10)` for `varchar ( 10 )`. */
export function canonicalType(type: string): string {
  return renderTokens(tokenize(type)).toUpperCase()
}

/**
 * A column's default as the model keeps it. `DEFAULT NULL` is the default every column has without a
 * clause (`ALTER TABLE ... ADD COLUMN x TEXT DEFAULT NULL` and `x TEXT` store and refuse the same rows),
 * so it reads as none.
 */
export function canonicalDefault(stored: string | null): string | undefined {
  const canonical = stored === null ? undefined : normalizeDefault(stored)
  return canonical === 'NULL' ? undefined : canonical
}

function toColumn(row: ColumnRow, position: number, parsed: ParsedTable | undefined): ColumnModel {
  const name = canonicalName(row.name)
  const extra = parsed?.columns.find((c) => c.name === name)
  const column: ColumnModel = {
    name,
    spelling: row.name,
    position,
    type: canonicalType(row.type),
    affinity: affinityOf(row.type),
    notNull: row.notnull === 1,
    default: canonicalDefault(row.dflt_value),
    primaryKey: row.pk,
    collation: extra?.collation,
    hidden: row.hidden === 1,
    generated: extra?.generated,
    checks: extra?.checks ?? [],
  }
  if (column.notNull && extra?.notNullConflict) column.notNullConflict = extra.notNullConflict
  return column
}

function groupBy<T extends { tbl: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const row of rows) {
    const list = out.get(row.tbl)
    if (list) list.push(row)
    else out.set(row.tbl, [row])
  }
  return out
}

function primaryKeyOf(table: TableModel | undefined): string[] {
  const pk = (table?.columns ?? []).filter((c) => c.primaryKey > 0)
  return pk.sort((a, b) => a.primaryKey - b.primaryKey).map((c) => c.name)
}

function toForeignKeys(rows: ForeignKeyRow[], parsed: ParsedTable | undefined): ForeignKeyModel[] {
  const byId = new Map<number, ForeignKeyRow[]>()
  for (const row of rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row])
  const seen = new Map<string, number>()
  return [...byId.values()].map((parts) => {
    const first = parts[0] as ForeignKeyRow
    const columns = parts.map((p) => canonicalName(p.from))
    const parent = canonicalName(first.table)
    const parentColumns = parts.every((p) => p.to === null) ? [] : parts.map((p) => canonicalName(p.to ?? ''))
    // A table may say the same link twice (`x REFERENCES p(id) DEFERRABLE ..., FOREIGN KEY (x) REFERENCES
    // p(id)`). SQLite lists foreign keys last declared first, so the n-th with one key is its n-th clause
    // from the end.
    const key = `${columns.join()}>${parent}(${parentColumns.join()})`
    const occurrence = seen.get(key) ?? 0
    seen.set(key, occurrence + 1)
    const clauses = (parsed?.foreignKeys ?? []).filter(
      (f) => `${f.columns.join()}>${f.parent}(${f.parentColumns.join()})` === key,
    )
    const clause = clauses[clauses.length - 1 - occurrence]
    return {
      columns,
      parent,
      parentColumns,
      onDelete: first.on_delete,
      onUpdate: first.on_update,
      match: clause?.match ?? 'NONE',
      deferrable: clause?.deferrable ?? 'NOT DEFERRABLE',
    }
  })
}

function toUniques(
  rows: UniqueKeyRow[],
  columns: ColumnModel[],
  conflicts: ParsedConflict[] = [],
): UniqueModel[] {
  const byIndex = groupBy(rows.map((r) => ({ ...r, tbl: r.idx })))
  const uniques = [...byIndex.values()].map((keys) => {
    const names = keys.map((k) => canonicalName(k.name ?? ''))
    const unique: UniqueModel = {
      columns: keys.map((k, i) => {
        const name = names[i] as string
        const own = columns.find((c) => c.name === name)?.collation
        const coll = canonicalCollation(k.coll)
        return `${name}${coll !== own ? ` COLLATE ${coll ?? 'BINARY'}` : ''}${k.desc ? ' DESC' : ''}`
      }),
    }
    const conflict = conflicts.find((c) => c.columns.join() === names.join())
    if (conflict) unique.onConflict = conflict.resolution
    return unique
  })
  return uniques.sort((a, b) => a.columns.join().localeCompare(b.columns.join()))
}

/**
 * Every ordinary table of the main schema, in four queries whatever the table count. `sqlByName`
 * holds each table's CREATE statement, keyed by its name as stored.
 */
export function readTables(db: Database, sqlByName: Map<string, string>): Record<string, TableModel> {
  const kinds = db.prepare(`SELECT name, wr, strict FROM pragma_table_list WHERE schema = 'main'`).all() as {
    name: string
    wr: number
    strict: number
  }[]
  const flags = new Map(kinds.map((k) => [k.name, k]))
  const columnRows = groupBy(db.prepare(COLUMNS_SQL).all() as ColumnRow[])
  const fkRows = groupBy(db.prepare(FOREIGN_KEYS_SQL).all() as ForeignKeyRow[])
  const uniqueRows = groupBy(db.prepare(UNIQUE_KEYS_SQL).all() as UniqueKeyRow[])
  const primaryKeyRows = groupBy(db.prepare(PRIMARY_KEY_INDEX_SQL).all() as UniqueKeyRow[])
  const tables: Record<string, TableModel> = {}
  for (const [stored, rows] of columnRows) {
    const sql = sqlByName.get(stored)
    const parsed = sql === undefined ? undefined : parseCreateTable(sql)
    const columns = rows.map((row, i) => toColumn(row, i, parsed))
    const name = canonicalName(stored)
    tables[name] = {
      name,
      withoutRowid: flags.get(stored)?.wr === 1,
      strict: flags.get(stored)?.strict === 1,
      autoincrement: parsed?.autoincrement ?? false,
      columns,
      checks: parsed?.checks ?? [],
      uniques: toUniques(uniqueRows.get(stored) ?? [], columns, parsed?.uniqueConflicts),
      foreignKeys: toForeignKeys(fkRows.get(stored) ?? [], parsed),
    }
    const primaryKeyIndex = toUniques(primaryKeyRows.get(stored) ?? [], columns)[0]
    if (primaryKeyIndex) tables[name].primaryKeyIndex = primaryKeyIndex.columns
    if (parsed?.primaryKeyConflict && columns.some((c) => c.primaryKey > 0))
      tables[name].primaryKeyConflict = parsed.primaryKeyConflict
  }
  // A clause that names no parent columns means the parent's primary key: spell it out so both forms compare equal.
  for (const table of Object.values(tables)) {
    for (const fk of table.foreignKeys) {
      if (fk.parentColumns.length === 0) fk.parentColumns = primaryKeyOf(tables[fk.parent])
    }
    table.foreignKeys.sort((a, b) => `${a.columns}>${a.parent}`.localeCompare(`${b.columns}>${b.parent}`))
  }
  return tables
}
