import { canonicalName, doubleQuotedStrings, normalizeExpression } from './normalize-sql.ts'
import { findTopLevel, group, isWord, splitTopLevel } from './token-cursor.ts'
import { tokenize, type Token } from './tokenize.ts'

/** What a foreign key clause says beyond what `pragma foreign_key_list` reports. */
export interface ParsedReference {
  columns: string[]
  parent: string
  /** The parent columns the clause names; empty when it names none (the parent's primary key). */
  parentColumns: string[]
  match: string
  deferrable: string
}

/** What a column definition says that `pragma table_xinfo` does not. */
export interface ParsedColumn {
  name: string
  collation: string | undefined
  checks: string[]
  generated: { expression: string; storage: 'STORED' | 'VIRTUAL' } | undefined
  /** NOT NULL's conflict resolution, when not the default ABORT (`REPLACE`, `IGNORE`, ...). */
  notNullConflict: string | undefined
}

/** A UNIQUE or PRIMARY KEY constraint's conflict resolution, when not the default ABORT. */
export interface ParsedConflict {
  /** The constraint's column names, in order (without collation or order). */
  columns: string[]
  resolution: string
}

/** The parts of a CREATE TABLE statement that only its text holds. */
export interface ParsedTable {
  columns: ParsedColumn[]
  checks: string[]
  foreignKeys: ParsedReference[]
  autoincrement: boolean
  /** UNIQUE constraints (column or table level) that resolve conflicts other than by ABORT. */
  uniqueConflicts: ParsedConflict[]
  /** The primary key's conflict resolution, when not the default ABORT. */
  primaryKeyConflict: string | undefined
}

/** Canonical text of a CHECK or generated column's expression, read against the table's columns. */
type Expression = (tokens: Token[]) => string

const TABLE_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'])
const COLUMN_CONSTRAINT_START = new Set([
  'CONSTRAINT',
  'PRIMARY',
  'NOT',
  'NULL',
  'UNIQUE',
  'CHECK',
  'DEFAULT',
  'COLLATE',
  'REFERENCES',
  'GENERATED',
  'AS',
])

/** Canonical collation name: upper case, BINARY (the default) as undefined. */
export function canonicalCollation(name: string | undefined): string | undefined {
  const upper = name?.toUpperCase()
  return upper === undefined || upper === 'BINARY' ? undefined : upper
}

/** Parses `REFERENCES parent [(cols)] [ON ...] [MATCH x] [[NOT] DEFERRABLE [INITIALLY x]]` at `start`. */
function parseReference(
  tokens: Token[],
  start: number,
  columns: string[],
): { ref: ParsedReference; next: number } {
  let i = start + 1
  const parent = canonicalName(tokens[i]?.value ?? '')
  i++
  let parentColumns: string[] = []
  if (tokens[i]?.text === '(') {
    const { inner, next } = group(tokens, i)
    parentColumns = keyNames(inner)
    i = next
  }
  let match = 'NONE'
  let deferrable = 'NOT DEFERRABLE'
  for (;;) {
    const t = tokens[i]
    if (isWord(t, 'ON')) {
      // ON DELETE|UPDATE then SET NULL / SET DEFAULT / NO ACTION / CASCADE / RESTRICT: the pragma reports these.
      i += isWord(tokens[i + 2], 'SET') || isWord(tokens[i + 2], 'NO') ? 4 : 3
    } else if (isWord(t, 'MATCH')) {
      match = (tokens[i + 1]?.value ?? '').toUpperCase()
      i += 2
    } else if (isWord(t, 'DEFERRABLE') || (isWord(t, 'NOT') && isWord(tokens[i + 1], 'DEFERRABLE'))) {
      const not = isWord(t, 'NOT')
      i += not ? 2 : 1
      let initially = 'IMMEDIATE'
      if (isWord(tokens[i], 'INITIALLY')) {
        initially = (tokens[i + 1]?.value ?? '').toUpperCase()
        i += 2
      }
      // Only DEFERRABLE INITIALLY DEFERRED defers. SQLite has no SET CONSTRAINTS, so DEFERRABLE (INITIALLY
      // IMMEDIATE) is enforced at each statement exactly as NOT DEFERRABLE is: one value for all three.
      deferrable = !not && initially === 'DEFERRED' ? 'DEFERRABLE INITIALLY DEFERRED' : 'NOT DEFERRABLE'
    } else {
      break
    }
  }
  return { ref: { columns, parent, parentColumns, match, deferrable }, next: i }
}

/**
 * Reads `ON CONFLICT x` at `i`: the resolution (upper case; undefined for none or the default ABORT,
 * which behave alike) and the index after the clause.
 */
function conflictClause(tokens: Token[], i: number): { resolution: string | undefined; next: number } {
  if (!isWord(tokens[i], 'ON') || !isWord(tokens[i + 1], 'CONFLICT'))
    return { resolution: undefined, next: i }
  const resolution = (tokens[i + 2]?.value ?? '').toUpperCase()
  return { resolution: resolution === 'ABORT' ? undefined : resolution, next: i + 3 }
}

/** A column name as SQLite reads it: a string literal in name position is a name too. */
function nameOf(token: Token | undefined): string {
  if (token?.kind === 'string') return canonicalName(token.text.slice(1, -1).replaceAll("''", "'"))
  return canonicalName(token?.value ?? '')
}

function parseColumn(item: Token[], table: ParsedTable, expression: Expression): ParsedColumn {
  const name = nameOf(item[0])
  const column: ParsedColumn = {
    name,
    collation: undefined,
    checks: [],
    generated: undefined,
    notNullConflict: undefined,
  }
  let i = findTopLevel(
    item,
    1,
    (t) => t.kind === 'word' && COLUMN_CONSTRAINT_START.has(t.value.toUpperCase()),
  )
  if (i < 0) return column
  while (i < item.length) {
    const word = item[i]?.kind === 'word' ? (item[i] as Token).value.toUpperCase() : ''
    if (word === 'CONSTRAINT') i += 2
    else if (word === 'PRIMARY') {
      i += 2
      if (isWord(item[i], 'ASC') || isWord(item[i], 'DESC')) i++
      const conflict = conflictClause(item, i)
      if (conflict.resolution) table.primaryKeyConflict = conflict.resolution
      i = conflict.next
      if (isWord(item[i], 'AUTOINCREMENT')) {
        table.autoincrement = true
        i++
      }
    } else if (word === 'NOT' || word === 'NULL' || word === 'UNIQUE') {
      const { resolution, next } = conflictClause(item, i + (word === 'NOT' ? 2 : 1))
      // A bare NULL constraint says nothing, and its conflict clause is ignored by SQLite too.
      if (resolution && word === 'NOT') column.notNullConflict = resolution
      if (resolution && word === 'UNIQUE') table.uniqueConflicts.push({ columns: [name], resolution })
      i = next
    } else if (word === 'CHECK') {
      const { inner, next } = group(item, i + 1)
      column.checks.push(expression(inner))
      i = next
    } else if (word === 'DEFAULT') {
      // The pragma reports the default; only skip over it here.
      i++
      if (item[i]?.text === '(') i = group(item, i).next
      else i += item[i]?.text === '-' || item[i]?.text === '+' ? 2 : 1
    } else if (word === 'COLLATE') {
      column.collation = canonicalCollation(item[i + 1]?.value)
      i += 2
    } else if (word === 'REFERENCES') {
      const { ref, next } = parseReference(item, i, [name])
      table.foreignKeys.push(ref)
      i = next
    } else if (word === 'GENERATED' || word === 'AS') {
      if (word === 'GENERATED') i += 2
      const { inner, next } = group(item, i + 1)
      i = next
      const storage = isWord(item[i], 'STORED') ? 'STORED' : 'VIRTUAL'
      if (isWord(item[i], 'STORED') || isWord(item[i], 'VIRTUAL')) i++
      column.generated = { expression: expression(inner), storage }
    } else {
      i++
    }
  }
  column.checks.sort()
  return column
}

/** The column names of a constraint's key list, `(a COLLATE NOCASE, "b c" DESC)`. */
function keyNames(inner: Token[]): string[] {
  return splitTopLevel(inner).map((key) => nameOf(key[0]))
}

function parseTableConstraint(item: Token[], table: ParsedTable, expression: Expression): void {
  const i = isWord(item[0], 'CONSTRAINT') ? 2 : 0
  if (isWord(item[i], 'CHECK')) {
    table.checks.push(expression(group(item, i + 1).inner))
  } else if (isWord(item[i], 'FOREIGN')) {
    const { inner, next } = group(item, i + 2)
    table.foreignKeys.push(parseReference(item, next, keyNames(inner)).ref)
  } else if (isWord(item[i], 'PRIMARY')) {
    // SQLite's grammar puts AUTOINCREMENT inside the parentheses: PRIMARY KEY (id AUTOINCREMENT).
    const { inner, next } = group(item, i + 2)
    if (inner.some((token) => isWord(token, 'AUTOINCREMENT'))) table.autoincrement = true
    table.primaryKeyConflict = conflictClause(item, next).resolution ?? table.primaryKeyConflict
  } else if (isWord(item[i], 'UNIQUE')) {
    const { inner, next } = group(item, i + 1)
    const { resolution } = conflictClause(item, next)
    if (resolution) table.uniqueConflicts.push({ columns: keyNames(inner), resolution })
  }
}

/**
 * Reads from a CREATE TABLE statement what SQLite's pragmas do not expose: CHECK constraints, column
 * collations, generated column expressions, MATCH and DEFERRABLE of foreign keys, AUTOINCREMENT.
 */
export function parseCreateTable(sql: string): ParsedTable {
  const table: ParsedTable = {
    columns: [],
    checks: [],
    foreignKeys: [],
    autoincrement: false,
    uniqueConflicts: [],
    primaryKeyConflict: undefined,
  }
  const tokens = tokenize(sql)
  const open = tokens.findIndex((t) => t.kind === 'punct' && t.text === '(')
  // CREATE TABLE ... AS SELECT has no definitions to read: the pragma says all there is.
  const asAt = tokens.findIndex((t) => isWord(t, 'AS'))
  if (open < 0 || (asAt >= 0 && asAt < open)) return table
  const items = splitTopLevel(group(tokens, open).inner)
  const isConstraint = (item: Token[]): boolean =>
    item[0]?.kind === 'word' && TABLE_CONSTRAINT_START.has(item[0].value.toUpperCase())
  const columns = new Set(
    items.filter((item) => item[0] && !isConstraint(item)).map((item) => nameOf(item[0])),
  )
  const expression: Expression = (inner) => normalizeExpression(doubleQuotedStrings(inner, columns))
  for (const item of items) {
    if (isConstraint(item)) parseTableConstraint(item, table, expression)
    else if (item[0]) table.columns.push(parseColumn(item, table, expression))
  }
  table.checks.sort()
  return table
}
