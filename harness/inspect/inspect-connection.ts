import type { Database } from 'better-sqlite3'
import { errorMessage } from '../errors.ts'
import { canonicalName, normalizeSql, normalizeTriggerSql } from './normalize-sql.ts'
import { parseVirtualTable } from './parse-virtual-table.ts'
import { readIndexes } from './read-indexes.ts'
import { readSettings } from './read-settings.ts'
import { readTables } from './read-tables.ts'
import type { SchemaModel, TriggerModel, ViewModel, VirtualTableModel } from './model.ts'

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
      shadowTables: shadows
        .filter((s) => s.toLowerCase().startsWith(prefix))
        .map(canonicalName)
        .sort(),
    }
  }
  return out
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
  const triggers: Record<string, TriggerModel> = {}
  const views: Record<string, ViewModel> = {}
  for (const row of rows) {
    const name = canonicalName(row.name)
    if (row.type === 'trigger') {
      triggers[name] = { name, table: canonicalName(row.tbl_name), sql: normalizeTriggerSql(row.sql ?? '') }
    } else if (row.type === 'view') {
      views[name] = { name, sql: normalizeSql(row.sql ?? ''), columns: viewColumns(db, row.name) }
    }
  }
  return {
    settings: readSettings(db),
    tables: readTables(db, sqlByName),
    indexes: readIndexes(db, sqlByName),
    triggers,
    views,
    virtualTables,
  }
}
