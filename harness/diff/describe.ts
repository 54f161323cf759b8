import type {
  ColumnModel,
  ForeignKeyModel,
  IndexKeyModel,
  IndexModel,
  TableModel,
  VirtualTableModel,
} from '../inspect/model.ts'

/** A generated column's clause: `AS (a + b) STORED`. */
export function describeGenerated(generated: ColumnModel['generated']): string {
  return generated ? `AS (${generated.expression}) ${generated.storage}` : 'not generated'
}

/** A foreign key's target and clauses beyond the defaults: `users(id) ON DELETE CASCADE`. */
export function describeReference(fk: ForeignKeyModel): string {
  const parts = [`${fk.parent}(${fk.parentColumns.join(', ')})`]
  if (fk.onDelete !== 'NO ACTION') parts.push(`ON DELETE ${fk.onDelete}`)
  if (fk.onUpdate !== 'NO ACTION') parts.push(`ON UPDATE ${fk.onUpdate}`)
  if (fk.match !== 'NONE') parts.push(`MATCH ${fk.match}`)
  if (fk.deferrable !== 'NOT DEFERRABLE') parts.push(fk.deferrable)
  return parts.join(' ')
}

/** A foreign key as a table constraint: `FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE`. */
export function describeForeignKey(fk: ForeignKeyModel): string {
  return `FOREIGN KEY (${fk.columns.join(', ')}) REFERENCES ${describeReference(fk)}`
}

/** A column's NOT NULL constraint: `nullable`, `NOT NULL` or `NOT NULL ON CONFLICT REPLACE`. */
export function describeNotNull(column: ColumnModel): string {
  if (!column.notNull) return 'nullable'
  return column.notNullConflict ? `NOT NULL ON CONFLICT ${column.notNullConflict}` : 'NOT NULL'
}

/** ` ON CONFLICT REPLACE` for a constraint that resolves conflicts other than by ABORT, else ''. */
function conflictSuffix(resolution: string | undefined): string {
  return resolution ? ` ON CONFLICT ${resolution}` : ''
}

/**
 * A column as its definition would read, e.g. `TEXT NOT NULL UNIQUE`. With its table, column-level
 * UNIQUE and REFERENCES are included (the model keeps those on the table).
 *
 * @example describeColumn(tokenHashColumn, tokensTable) // 'TEXT NOT NULL UNIQUE'
 */
export function describeColumn(column: ColumnModel, table?: TableModel): string {
  const parts: string[] = []
  if (column.type) parts.push(column.type)
  if (column.primaryKey > 0 && table?.columns.filter((c) => c.primaryKey > 0).length === 1) {
    const conflict = conflictSuffix(table.primaryKeyConflict)
    parts.push(`PRIMARY KEY${conflict}${table.autoincrement ? ' AUTOINCREMENT' : ''}`)
  }
  if (column.notNull) parts.push(describeNotNull(column))
  const unique = table?.uniques.find((u) => u.columns.length === 1 && u.columns[0] === column.name)
  if (unique) parts.push(`UNIQUE${conflictSuffix(unique.onConflict)}`)
  if (column.default !== undefined) parts.push(`DEFAULT ${column.default}`)
  if (column.collation) parts.push(`COLLATE ${column.collation}`)
  if (column.hidden) parts.push('HIDDEN')
  if (column.generated) parts.push(describeGenerated(column.generated))
  for (const check of column.checks) parts.push(`CHECK (${check})`)
  const fk = table?.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === column.name)
  if (fk) parts.push(`REFERENCES ${describeReference(fk)}`)
  return parts.join(' ') || '(no type)'
}

/** A table's definition on one line: `(id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT`. */
export function describeTable(table: TableModel): string {
  const defs = table.columns.map((c) => `${c.name} ${describeColumn(c, table)}`.trim())
  const pk = table.columns.filter((c) => c.primaryKey > 0).sort((a, b) => a.primaryKey - b.primaryKey)
  if (pk.length > 1) {
    defs.push(`PRIMARY KEY (${pk.map((c) => c.name).join(', ')})${conflictSuffix(table.primaryKeyConflict)}`)
  }
  // One on a single plain column reads as that column's UNIQUE (describeColumn); any other at table level.
  for (const unique of table.uniques) {
    const onOneColumn = unique.columns.length === 1 && table.columns.some((c) => c.name === unique.columns[0])
    if (!onOneColumn) defs.push(`UNIQUE (${unique.columns.join(', ')})${conflictSuffix(unique.onConflict)}`)
  }
  for (const check of table.checks) defs.push(`CHECK (${check})`)
  for (const fk of table.foreignKeys) if (fk.columns.length > 1) defs.push(describeForeignKey(fk))
  const options = [table.withoutRowid ? 'WITHOUT ROWID' : '', table.strict ? 'STRICT' : ''].filter(Boolean)
  return `(${defs.join(', ')})${options.length > 0 ? ` ${options.join(', ')}` : ''}`
}

/** One index key: `lower(email) COLLATE NOCASE DESC`. */
export function describeIndexKey(key: IndexKeyModel): string {
  const collation = key.collation === 'BINARY' ? '' : ` COLLATE ${key.collation}`
  return `${key.column}${collation}${key.desc ? ' DESC' : ''}`
}

/** An index on one line: `UNIQUE ON notes(slug) WHERE deleted_at IS NULL`. */
export function describeIndex(index: IndexModel): string {
  const keys = index.keys.map(describeIndexKey).join(', ')
  const where = index.where === undefined ? '' : ` WHERE ${index.where}`
  return `${index.unique ? 'UNIQUE ' : ''}ON ${index.table}(${keys})${where}`
}

/** A virtual table on one line: `USING fts5(title, body)`. */
export function describeVirtualTable(table: VirtualTableModel): string {
  return `USING ${table.module}(${table.arguments.join(', ')})`
}
