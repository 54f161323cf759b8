import type { DeclaredColumn, TableInfo } from './list-tables.ts'

/**
 * Whether the same stored records read as the same values in table `before` and table `after`: the
 * CREATE statement is the same or only has columns appended, and every column of `before` is declared
 * the same way, at the same place, in `after`. Then a table whose pages are the same on both sides holds
 * the same rows.
 */
export function readsAlike(
  before: TableInfo,
  beforeColumns: readonly DeclaredColumn[],
  after: TableInfo,
  afterColumns: readonly DeclaredColumn[],
): boolean {
  return onlyAppends(before.sql, after.sql) && keepsColumns(afterColumns, beforeColumns)
}

/**
 * Whether `after` is the CREATE statement `before`, or `before` with text inserted in one place that
 * starts with a comma, as ADD COLUMN writes it. The column list alone cannot tell everything that
 * decides how a record reads: `id INTEGER PRIMARY KEY` (the row id) and `id INTEGER PRIMARY KEY DESC`
 * (a stored column) list alike.
 */
function onlyAppends(before: string, after: string): boolean {
  if (before === after) return true
  const inserted = after.length - before.length
  if (before === '' || inserted <= 0) return false
  let prefix = 0
  while (prefix < before.length && before[prefix] === after[prefix]) prefix++
  // The shared prefix may run into the inserted text (`, c` before `, PRIMARY KEY (a)`): step back.
  for (let at = prefix; at >= Math.max(0, prefix - inserted); at--) {
    if (after[at] === ',' && after.endsWith(before.slice(at))) return true
  }
  return false
}

/**
 * Whether `after` declares every column of `before` the same way, at the same place (it may add more at
 * the end, as ADD COLUMN does): then the same stored records read as the same values on both sides.
 */
function keepsColumns(after: readonly DeclaredColumn[], before: readonly DeclaredColumn[]): boolean {
  return before.every((column, i) => {
    const other = after[i]
    return (
      other !== undefined &&
      other.name === column.name &&
      other.type === column.type &&
      other.notnull === column.notnull &&
      other.dflt_value === column.dflt_value &&
      other.pk === column.pk &&
      other.hidden === column.hidden
    )
  })
}
