import type { Database } from 'better-sqlite3'
import { errorMessage } from '../errors.ts'
import { canonicalName, normalizeSql, normalizeTriggerSql } from './normalize-sql.ts'
import { parseVirtualTable } from './parse-virtual-table.ts'
import { readIndexes } from './read-indexes.ts'
import { readSettings } from './read-settings.ts'
import { readTables } from './read-tables.ts'
import type { SchemaModel, TableModel, TriggerModel, ViewModel, VirtualTableModel } from './model.ts'

interface SchemaRow {
  type: string
  name: string
  tbl_name: string
  sql: string | null
}

function isVirtual(sql: string | null): boolean {
  return /^\s*CREATE\s+VIRTUAL\b/i.test(sql ?? '')
}

function readVirtualTables(db: Database, rows: SchemaRow[]): Record<string, VirtualTableModel> {
  const shadows = db
    .prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'`)
    .pluck()
    .all() as string[]
  const out: Record<string, VirtualTableModel> = {}
  for (const row of rows) {
    if (row.type !== 'table' || !isVirtual(row.sql)) continue
    const name = canonicalName(row.name)
    const prefix = `${row.name.toLowerCase()}_`
    out[name] = {
      name,
      ...parseVirtualTable(row.sql ?? ''),
      columns: virtualTableColumns(db, row.name),
      shadowTables: shadows
        .filter((s) => s.toLowerCase().startsWith(prefix))
        .map(canonicalName)
        .sort(),
    }
  }
  return out
}

/** A virtual table's visible column names; none when this build lacks its module and cannot read it. */
function virtualTableColumns(db: Database, table: string): string[] {
  try {
    return db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]
  } catch {
    return []
  }
}

/** A view's result column names, read one view at a time: a view that no longer compiles fails alone. */
function viewColumns(db: Database, view: string): string[] {
  try {
    return db.prepare('SELECT name FROM pragma_table_xinfo(?)').pluck().all(view) as string[]
  } catch (error) {
    return [`(cannot be read: ${errorMessage(error)})`]
  }
}

/**
 * The schema model of an open connection's main database. Only reads: pragmas and `sqlite_schema`.
 * Costs a fixed number of queries however many tables there are, and one per view.
 *
 * @example inspectConnection(new Database(':memory:')).tables // {}
 */
export function inspectConnection(db: Database): SchemaModel {
  const rows = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema').all() as SchemaRow[]
  const sqlByName = new Map<string, string>()
  for (const row of rows) if (row.sql !== null) sqlByName.set(row.name, row.sql)
  const virtualTables = readVirtualTables(db, rows)
  const tables = readTables(db, sqlByName)
  const viewColumnsByName = new Map(
    rows.filter((r) => r.type === 'view').map((r) => [r.name, viewColumns(db, r.name)]),
  )
  const names = schemaNames(db, rows, tables, viewColumnsByName)
  const triggers: Record<string, TriggerModel> = {}
  const views: Record<string, ViewModel> = {}
  for (const row of rows) {
    const name = canonicalName(row.name)
    if (row.type === 'trigger') {
      triggers[name] = {
        name,
        table: canonicalName(row.tbl_name),
        sql: normalizeTriggerSql(row.sql ?? '', names),
      }
    } else if (row.type === 'view') {
      views[name] = {
        name,
        sql: normalizeSql(row.sql ?? '', names),
        columns: viewColumnsByName.get(row.name) ?? [],
      }
    }
  }
  return {
    settings: readSettings(db),
    tables,
    indexes: readIndexes(db, sqlByName, names),
    triggers,
    views,
    virtualTables,
  }
}

/**
 * Every name a statement of this schema could mean by a double-quoted word: its tables, views, indexes
 * and triggers, and their columns. SQLite reads `"Active"` as a name when one is in scope and as a string
 * otherwise (in builds that accept double-quoted strings, Python's sqlite3 among them), so a trigger's
 * `WHEN new.s = "Active"` compares as the string it is, its case counting, and `"Notes"` as the name.
 * The whole schema's names are a superset of any statement's scope: a string that happens to spell one
 * of them is read as a name.
 */
function schemaNames(
  db: Database,
  rows: SchemaRow[],
  tables: Record<string, TableModel>,
  viewColumnsByName: Map<string, string[]>,
): Set<string> {
  const names = new Set<string>()
  for (const row of rows) names.add(canonicalName(row.name)).add(canonicalName(row.tbl_name))
  for (const table of Object.values(tables)) for (const column of table.columns) names.add(column.name)
  for (const columns of viewColumnsByName.values())
    for (const column of columns) names.add(canonicalName(column))
  for (const row of rows) {
    if (row.type !== 'table' || !isVirtual(row.sql)) continue
    // A virtual table whose module this build lacks cannot be read: its columns are left out.
    try {
      const columns = db.prepare('SELECT name FROM pragma_table_xinfo(?)').pluck().all(row.name) as string[]
      for (const column of columns) names.add(canonicalName(column))
    } catch {
      continue
    }
  }
  return names
}
