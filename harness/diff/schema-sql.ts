import { SQL_KEYWORDS } from '../inspect/keywords.ts'
import type { ColumnSpec, SchemaSpec, TableSpec } from './schema-spec.ts'

/** How to spell a schema: everything here is formatting, never meaning. */
export interface SqlStyle {
  keywordCase: 'upper' | 'lower' | 'mixed'
  quote: 'none' | '"' | '[' | '`'
  identifierCase: 'lower' | 'upper'
  separator: ' ' | '  ' | '\n  ' | '\t'
  comments: boolean
  ifNotExists: boolean
  /** Extra parentheses around defaults, CHECK and WHERE expressions. */
  parens: boolean
  /** Add every column that ALTER TABLE ADD COLUMN can add after the CREATE TABLE instead. */
  appendColumns: boolean
}

/** The plainest spelling. */
export const PLAIN_STYLE: SqlStyle = {
  keywordCase: 'upper',
  quote: 'none',
  identifierCase: 'lower',
  separator: ' ',
  comments: false,
  ifNotExists: false,
  parens: false,
  appendColumns: false,
}

const ASCII_SIMPLE = /^[A-Za-z_][A-Za-z0-9_]*$/

class Writer {
  constructor(private readonly style: SqlStyle) {}

  get extraParens(): boolean {
    return this.style.parens
  }

  kw(words: string): string {
    return words
      .split(' ')
      .map((w) => {
        if (this.style.keywordCase === 'upper') return w.toUpperCase()
        if (this.style.keywordCase === 'lower') return w.toLowerCase()
        return [...w].map((c, i) => (i % 2 ? c.toLowerCase() : c.toUpperCase())).join('')
      })
      .join(this.style.separator)
  }

  /** A column as declared: quoted as the style says, its case kept (result rows are keyed by it). */
  columnName(name: string): string {
    return this.quoted(name, name)
  }

  id(name: string): string {
    // Only ASCII letters change case: SQLite folds nothing else.
    const cased = name.replace(/[a-z]+/gi, (m) =>
      this.style.identifierCase === 'upper' ? m.toUpperCase() : m.toLowerCase(),
    )
    return this.quoted(name, cased)
  }

  /** `spelled` in the style's quotes; in double quotes where `name` needs them and the style has none. */
  private quoted(name: string, spelled: string): string {
    const needsQuotes = !ASCII_SIMPLE.test(name) || SQL_KEYWORDS.has(name.toUpperCase())
    const quote = this.style.quote === 'none' && needsQuotes ? '"' : this.style.quote
    if (quote === 'none') return spelled
    if (quote === '[') return `[${spelled}]`
    return `${quote}${spelled.replaceAll(quote, quote + quote)}${quote}`
  }

  list(items: string[]): string {
    const comma = this.style.comments
      ? `,${this.style.separator}/* next, 'item' */${this.style.separator}`
      : ', '
    return items.join(comma)
  }

  paren(expr: string): string {
    return this.style.parens ? `(${this.style.separator}(${expr})${this.style.separator})` : `(${expr})`
  }

  ifNotExists(): string {
    return this.style.ifNotExists ? ` ${this.kw('IF NOT EXISTS')}` : ''
  }
}

function defaultSql(w: Writer, value: string): string {
  if (value.startsWith('datetime')) return w.paren(`${w.kw('datetime')}('now')`)
  return w.extraParens ? w.paren(value) : value
}

function columnSql(w: Writer, table: TableSpec, c: ColumnSpec, first: boolean): string {
  const parts = [w.columnName(c.name)]
  if (c.type) parts.push(w.kw(c.type))
  if (first) parts.push(w.kw(table.withoutRowid ? 'NOT NULL PRIMARY KEY' : 'PRIMARY KEY'))
  if (c.notNull && !first) parts.push(w.kw('NOT NULL'))
  if (c.default !== undefined) parts.push(`${w.kw('DEFAULT')} ${defaultSql(w, c.default)}`)
  if (c.collation) parts.push(`${w.kw('COLLATE')} ${w.kw(c.collation)}`)
  if (c.check !== undefined)
    parts.push(`${w.kw('CHECK')} ${w.paren(`${w.kw('length')}(${w.id(c.name)}) < ${c.check}`)}`)
  if (c.generated) {
    const expr = `${w.id('id')} * ${c.generated.factor}`
    parts.push(`${w.kw('GENERATED ALWAYS AS')} (${expr}) ${w.kw(c.generated.storage)}`)
  }
  return parts.join(' ')
}

/** True when ALTER TABLE ADD COLUMN can add this column (https://sqlite.org/lang_altertable.html). */
function appendable(table: TableSpec, c: ColumnSpec, index: number): boolean {
  if (index === 0 || c.generated?.storage === 'STORED' || c.default?.startsWith('datetime')) return false
  if (c.notNull && (c.default === undefined || c.default === 'NULL')) return false
  if (table.unique?.includes(c.name) || table.foreignKeys.some((f) => f.column === c.name)) return false
  return table.check === undefined
}

function tableSql(w: Writer, t: TableSpec, style: SqlStyle): string[] {
  const inline = t.columns.filter((c, i) => !style.appendColumns || !appendable(t, c, i))
  const later = t.columns.filter((c) => !inline.includes(c))
  const defs = inline.map((c) => columnSql(w, t, c, c === t.columns[0]))
  if (t.check !== undefined) defs.push(`${w.kw('CHECK')} ${w.paren(`${w.id('id')} > ${t.check}`)}`)
  if (t.unique) {
    const conflict = t.uniqueConflict ? ` ${w.kw('ON CONFLICT')} ${w.kw(t.uniqueConflict)}` : ''
    defs.push(`${w.kw('UNIQUE')} (${w.list(t.unique.map((c) => w.id(c)))})${conflict}`)
  }
  for (const fk of t.foreignKeys) {
    let clause = `${w.kw('FOREIGN KEY')} (${w.id(fk.column)}) ${w.kw('REFERENCES')} ${w.id(fk.parent)}(${w.id('id')})`
    if (fk.onDelete !== 'NO ACTION') clause += ` ${w.kw('ON DELETE')} ${w.kw(fk.onDelete)}`
    if (fk.match) clause += ` ${w.kw('MATCH')} ${w.kw(fk.match)}`
    if (fk.deferred) clause += ` ${w.kw('DEFERRABLE INITIALLY DEFERRED')}`
    defs.push(clause)
  }
  const options = [t.withoutRowid ? w.kw('WITHOUT ROWID') : '', t.strict ? w.kw('STRICT') : ''].filter(
    Boolean,
  )
  const create = `${w.kw('CREATE TABLE')}${w.ifNotExists()} ${w.id(t.name)} (${w.list(defs)}) ${options.join(', ')}`
  const adds = later.map(
    (c) => `${w.kw('ALTER TABLE')} ${w.id(t.name)} ${w.kw('ADD COLUMN')} ${columnSql(w, t, c, false)}`,
  )
  return [create, ...adds]
}

/** The schema as SQL statements in the given style. */
export function schemaSql(spec: SchemaSpec, style: SqlStyle = PLAIN_STYLE): string {
  const w = new Writer(style)
  const out = [`PRAGMA user_version = ${spec.userVersion}`, `PRAGMA application_id = ${spec.applicationId}`]
  for (const t of spec.tables) out.push(...tableSql(w, t, style))
  for (const i of spec.indexes) {
    const keys = i.keys.map((k) => {
      const col = k.lower ? `${w.kw('lower')}(${w.id(k.column)})` : w.id(k.column)
      return `${col}${k.nocase ? ` ${w.kw('COLLATE NOCASE')}` : ''}${k.desc ? ` ${w.kw('DESC')}` : ''}`
    })
    const where = i.where ? ` ${w.kw('WHERE')} ${w.paren(`${w.id(i.where)} ${w.kw('IS NOT NULL')}`)}` : ''
    const kind = w.kw(i.unique ? 'CREATE UNIQUE INDEX' : 'CREATE INDEX')
    out.push(
      `${kind}${w.ifNotExists()} ${w.id(i.name)} ${w.kw('ON')} ${w.id(i.table)} (${w.list(keys)})${where}`,
    )
  }
  for (const t of spec.triggers) {
    out.push(
      `${w.kw('CREATE TRIGGER')}${w.ifNotExists()} ${w.id(t.name)} ${w.kw('AFTER INSERT ON')} ${w.id(t.table)} ` +
        `${w.kw('BEGIN')} ${w.kw('SELECT')} '${t.message}'; ${w.kw('END')}`,
    )
  }
  for (const v of spec.views) {
    out.push(
      `${w.kw('CREATE VIEW')}${w.ifNotExists()} ${w.id(v.name)} ${w.kw('AS SELECT')} ${w.id('id')} ` +
        `${w.kw('FROM')} ${w.id(v.table)} ${w.kw('WHERE')} ${w.id('id')} > ${v.min}`,
    )
  }
  for (const v of spec.virtualTables) {
    const args =
      v.module === 'fts5'
        ? w.list(['title', 'body', ...(v.porter ? ["tokenize = 'porter'"] : [])])
        : w.list(['id', 'x0', 'x1'])
    out.push(
      `${w.kw('CREATE VIRTUAL TABLE')}${w.ifNotExists()} ${w.id(v.name)} ${w.kw('USING')} ${v.module}(${args})`,
    )
  }
  const end = style.comments ? `;${style.separator}-- done\n` : `;${style.separator}`
  return out.join(end) + ';'
}
