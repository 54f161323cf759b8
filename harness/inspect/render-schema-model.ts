import { escapeControlCharacters } from '../data/sql-text.ts'
import { describeIndex, describeTable, describeVirtualTable } from '../diff/describe.ts'
import type { SchemaModel } from './model.ts'

/**
 * A schema model as readable text, one object per line, for `upgrade-harness inspect`. Ends with a
 * newline. Control characters (in a name, or a literal in a view's SQL) are spelled out: a table
 * named with an escape sequence must not drive the terminal, nor a CR or LF split its line.
 */
export function renderSchemaModelText(model: SchemaModel): string {
  const s = model.settings
  const lines = [
    `database: user_version ${s.userVersion}, application_id ${s.applicationId}, auto_vacuum ${s.autoVacuum}, ` +
      `${s.wal ? 'WAL' : 'rollback journal'}, ${s.encoding}, page_size ${s.pageSize}`,
  ]
  for (const table of Object.values(model.tables)) lines.push(`table ${table.name} ${describeTable(table)}`)
  for (const index of Object.values(model.indexes)) lines.push(`index ${index.name} ${describeIndex(index)}`)
  for (const view of Object.values(model.views)) lines.push(`view ${view.name}: ${view.sql}`)
  for (const trigger of Object.values(model.triggers)) lines.push(`trigger ${trigger.name}: ${trigger.sql}`)
  for (const vt of Object.values(model.virtualTables)) {
    lines.push(`virtual table ${vt.name} ${describeVirtualTable(vt)}`)
  }
  return `${lines.map(escapeControlCharacters).join('\n')}\n`
}
