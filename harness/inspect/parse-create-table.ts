import { canonicalName, normalizeExpression } from './normalize-sql.ts'
import { findTopLevel, group, isWord, splitTopLevel } from './token-cursor.ts'
import { tokenize, type Token } from './tokenize.ts'

/** What a foreign key clause says beyond what `pragma foreign_key_list` reports. */
export interface ParsedReference {
  columns: string[]
  parent: string
  match: string
  deferrable: string
}

/** What a column definition says that `pragma table_xinfo` does not. */
export interface ParsedColumn {
  name: string
  collation: string | undefined
  checks: string[]
  generated: { expression: string; storage: 'STORED' | 'VIRTUAL' } | undefined
}

/** The parts of a CREATE TABLE statement that only its text holds. */
export interface ParsedTable {
  columns: ParsedColumn[]
  checks: string[]
  foreignKeys: ParsedReference[]
  autoincrement: boolean
}

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
  if (tokens[i]?.text === '(') i = group(tokens, i).next
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
      // Only DEFERRABLE INITIALLY DEFERRED defers; every other spelling is enforced immediately.
      deferrable = not ? 'NOT DEFERRABLE' : `DEFERRABLE INITIALLY ${initially}`
    } else {
      break
    }
  }
  return { ref: { columns, parent, match, deferrable }, next: i }
}

function skipConflictClause(tokens: Token[], i: number): number {
  return isWord(tokens[i], 'ON') && isWord(tokens[i + 1], 'CONFLICT') ? i + 3 : i
}

/** A column name as SQLite reads it: a string literal in name position is a name too. */
function nameOf(token: Token | undefined): string {
  if (token?.kind === 'string') return canonicalName(token.text.slice(1, -1).replaceAll("''", "'"))
  return canonicalName(token?.value ?? '')
}

function parseColumn(item: Token[], table: ParsedTable): ParsedColumn {
  const name = nameOf(item[0])
  const column: ParsedColumn = { name, collation: undefined, checks: [], generated: undefined }
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
      i = skipConflictClause(item, i)
      if (isWord(item[i], 'AUTOINCREMENT')) {
        table.autoincrement = true
        i++
      }
    } else if (word === 'NOT' || word === 'NULL' || word === 'UNIQUE') {
      i = skipConflictClause(item, i + (word === 'NOT' ? 2 : 1))
    } else if (word === 'CHECK') {
      const { inner, next } = group(item, i + 1)
      column.checks.push(normalizeExpression(inner))
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
      column.generated = { expression: normalizeExpression(inner), storage }
    } else {
      i++
    }
  }
  column.checks.sort()
  return column
}

function parseTableConstraint(item: Token[], table: ParsedTable): void {
  const i = isWord(item[0], 'CONSTRAINT') ? 2 : 0
  if (isWord(item[i], 'CHECK')) {
    table.checks.push(normalizeExpression(group(item, i + 1).inner))
  } else if (isWord(item[i], 'FOREIGN')) {
    const { inner, next } = group(item, i + 2)
    const columns = splitTopLevel(inner).map((c) => canonicalName(c[0]?.value ?? ''))
    table.foreignKeys.push(parseReference(item, next, columns).ref)
  } else if (isWord(item[i], 'PRIMARY')) {
    // SQLite's grammar puts AUTOINCREMENT inside the parentheses: PRIMARY KEY (id AUTOINCREMENT).
    const { inner } = group(item, i + 2)
    if (inner.some((token) => isWord(token, 'AUTOINCREMENT'))) table.autoincrement = true
  }
}

/**
 * Reads from a CREATE TABLE statement what SQLite's pragmas do not expose: CHECK constraints, column
 * collations, generated column expressions, MATCH and DEFERRABLE of foreign keys, AUTOINCREMENT.
 */
export function parseCreateTable(sql: string): ParsedTable {
  const table: ParsedTable = { columns: [], checks: [], foreignKeys: [], autoincrement: false }
  const tokens = tokenize(sql)
  const open = tokens.findIndex((t) => t.kind === 'punct' && t.text === '(')
  // CREATE TABLE ... AS SELECT has no definitions to read: the pragma says all there is.
  const asAt = tokens.findIndex((t) => isWord(t, 'AS'))
  if (open < 0 || (asAt >= 0 && asAt < open)) return table
  for (const item of splitTopLevel(group(tokens, open).inner)) {
    const first = item[0]
    if (first?.kind === 'word' && TABLE_CONSTRAINT_START.has(first.value.toUpperCase())) {
      parseTableConstraint(item, table)
    } else if (first) {
      table.columns.push(parseColumn(item, table))
    }
  }
  table.checks.sort()
  return table
}
