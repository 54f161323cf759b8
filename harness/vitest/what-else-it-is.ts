import { describeVirtualTable } from '../diff/describe.ts'
import type { SchemaModel } from '../inspect/model.ts'
import { canonicalName } from '../inspect/normalize-sql.ts'

/**
 * What a name that is not an ordinary table is in the schema (a virtual table, one's shadow table, or a
 * view), or undefined when it is nothing. The schema model keeps the columns of ordinary tables only, so
 * a matcher asked about such a name must say what it found rather than report it missing.
 *
 * @example whatElseItIs(model, 'notes_fts') // "a virtual table (USING fts5(content, ...))"
 */
export function whatElseItIs(model: SchemaModel, name: string): string | undefined {
  const key = canonicalName(name)
  const virtual = model.virtualTables[key]
  if (virtual) return `a virtual table (${describeVirtualTable(virtual)})`
  const owner = Object.values(model.virtualTables).find((v) => v.shadowTables.includes(key))
  if (owner) return `a shadow table of virtual table ${owner.name}`
  if (model.views[key]) return 'a view'
  return undefined
}
