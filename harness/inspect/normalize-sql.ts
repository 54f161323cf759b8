import { foldIdentifier } from '../data/sql-text.ts'
import { declaredNames } from './declared-names.ts'
import { SQL_KEYWORDS } from './keywords.ts'
import { tokenize, type Token } from './tokenize.ts'

/** A name that needs no quotes. */
export const SIMPLE_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/
const NO_SPACE_BEFORE = new Set([')', ',', '.', ';'])
const NO_SPACE_AFTER = new Set(['(', '.'])

/**
 * The canonical spelling of an identifier: keywords upper case, other names lower case, quotes only
 * where a name needs them. `"Notes"`, `[notes]` and `NOTES` all become `notes`.
 */
export function canonicalName(name: string): string {
  if (SIMPLE_IDENTIFIER.test(name)) {
    const upper = name.toUpperCase()
    return SQL_KEYWORDS.has(upper) ? upper : foldIdentifier(name)
  }
  return `"${foldIdentifier(name).replaceAll('"', '""')}"`
}

/**
 * Operators SQLite parses to one and the same: `a != b` is `a <> b`, `a == b` is `a = b`, `a NOTNULL` is
 * `a IS NOT NULL` (a partial index's predicate is matched against a query's WHERE by that parse).
 */
const SAME_OPERATOR: ReadonlyMap<string, string> = new Map([
  ['!=', '<>'],
  ['==', '='],
  ['NOTNULL', 'IS NOT NULL'],
  ['ISNULL', 'IS NULL'],
])

/** One token in canonical form. String literals stay exactly as written. */
function canonicalToken(token: Token): string {
  switch (token.kind) {
    case 'punct':
      return SAME_OPERATOR.get(token.text) ?? token.text
    case 'word':
      return SAME_OPERATOR.get(token.value.toUpperCase()) ?? canonicalName(token.value)
    case 'quoted':
      return canonicalName(token.value)
    case 'blob':
      return `X${token.text.slice(1).toUpperCase()}`
    default:
      return token.text
  }
}

/** Renders tokens in canonical form with canonical spacing. */
export function renderTokens(tokens: readonly Token[]): string {
  let out = ''
  let previous: Token | undefined
  for (const token of tokens) {
    const text = canonicalToken(token)
    const punct = token.kind === 'punct'
    // `f(x)` and `t(a, b)` hug their parenthesis; `a + (b)` does not.
    const call = punct && text === '(' && (previous?.kind === 'word' || previous?.kind === 'quoted')
    const tight =
      previous === undefined ||
      call ||
      (punct && NO_SPACE_BEFORE.has(text)) ||
      (previous.kind === 'punct' && NO_SPACE_AFTER.has(previous.text))
    out += tight ? text : ` ${text}`
    previous = token
  }
  return out
}

function isWord(token: Token | undefined, word: string): boolean {
  return token?.kind === 'word' && token.value.toUpperCase() === word
}

/** Drops `IF NOT EXISTS` from a CREATE statement and a trailing `;`: neither changes the schema. */
export function withoutNoise(tokens: readonly Token[]): Token[] {
  const out = [...tokens]
  while (out.length > 0 && out[out.length - 1]?.text === ';') out.pop()
  if (!isWord(out[0], 'CREATE')) return out
  for (let i = 1; i < Math.min(out.length, 6); i++) {
    if (isWord(out[i], 'IF') && isWord(out[i + 1], 'NOT') && isWord(out[i + 2], 'EXISTS')) {
      out.splice(i, 3)
      break
    }
  }
  return out
}

/** Index of the `)` matching the `(` at `open`, or -1. */
export function matchingParen(tokens: readonly Token[], open: number): number {
  let depth = 0
  for (let i = open; i < tokens.length; i++) {
    const text = tokens[i]?.kind === 'punct' ? tokens[i]?.text : undefined
    if (text === '(') depth++
    else if (text === ')' && --depth === 0) return i
  }
  return -1
}

/** Removes parentheses that wrap the whole expression: `((1))` and `1` are the same default. */
export function stripOuterParens(tokens: readonly Token[]): Token[] {
  let out = tokens.slice()
  while (out.length >= 2 && out[0]?.text === '(' && matchingParen(out, 0) === out.length - 1) {
    out = out.slice(1, -1)
  }
  return out
}

/**
 * Canonical text of a SQL statement (a trigger, a view): comments and whitespace gone, keywords upper
 * case, identifiers lower case and unquoted where possible, `IF NOT EXISTS` and a trailing `;` dropped.
 * String literals are kept exactly.
 *
 * @example normalizeSql(`create view "V" as select * from [notes] -- all`) // 'CREATE VIEW v AS SELECT * FROM notes'
 */
export function normalizeSql(sql: string, names?: ReadonlySet<string>): string {
  return renderTokens(readTokens(sql, names))
}

/**
 * A statement's tokens without its noise. Given the names the schema holds, a double-quoted word that is
 * none of them reads as the string SQLite takes it for (see {@link doubleQuotedStrings}).
 */
function readTokens(sql: string, names: ReadonlySet<string> | undefined): Token[] {
  const tokens = withoutNoise(tokenize(sql))
  return names === undefined ? tokens : doubleQuotedStrings(tokens, names)
}

/**
 * {@link normalizeSql} of a CREATE TRIGGER: SQLite has only row triggers, so a `FOR EACH ROW` before
 * the body is said or not alike, and so are parentheses around the whole of its WHEN condition.
 */
export function normalizeTriggerSql(sql: string, names?: ReadonlySet<string>): string {
  const tokens = readTokens(sql, names)
  const word = (i: number): string => (tokens[i]?.kind === 'word' ? tokens[i].value.toUpperCase() : '')
  let body = tokens.findIndex((_, i) => word(i) === 'BEGIN')
  for (let i = 0; i < body - 2; i++) {
    if (word(i) === 'FOR' && word(i + 1) === 'EACH' && word(i + 2) === 'ROW') {
      tokens.splice(i, 3)
      body -= 3
      break
    }
  }
  // The header's first WHEN starts the condition (a CASE in it comes later); it runs up to BEGIN.
  const when = tokens.findIndex((_, i) => i < body && word(i) === 'WHEN')
  if (when >= 0) tokens.splice(when + 1, body - when - 1, ...stripOuterParens(tokens.slice(when + 1, body)))
  return renderTokens(tokens)
}

/**
 * A DEFAULT clause's expression. A double-quoted word there is a string (a default cannot name a
 * column), so `DEFAULT "Active"` reads as `'Active'`, its case kept. A number is read as the value
 * SQLite stores for it: `0x10` and `16`, `TRUE` and `1`, `1e3` and `1000.0` are the same default.
 */
export function normalizeDefault(sql: string): string {
  const tokens = tokenize(sql).map((token): Token =>
    token.kind === 'quoted' && token.text.startsWith('"')
      ? { kind: 'string', text: `'${token.value.replaceAll("'", "''")}'`, value: token.value }
      : token,
  )
  const bare = stripOuterParens(tokens)
  const value = numberValue(bare)
  return value === undefined ? normalizeExpression(bare) : value
}

/** The largest INTEGER; a decimal literal beyond it (or beyond its negative less one) is stored as a REAL. */
const MAX_INTEGER = 2n ** 63n - 1n

/**
 * The value a numeric literal stands for, in one spelling per value: `TRUE`, `FALSE`, or a number with
 * an optional sign (decimal, hexadecimal as a 64-bit integer, or real). Undefined for anything else.
 */
function numberValue(tokens: readonly Token[]): string | undefined {
  if (tokens.length === 1 && (isWord(tokens[0], 'TRUE') || isWord(tokens[0], 'FALSE')))
    return isWord(tokens[0], 'TRUE') ? '1' : '0'
  const signed = tokens.length === 2 && (tokens[0]?.text === '-' || tokens[0]?.text === '+')
  const number = tokens[signed ? 1 : 0]
  if (tokens.length !== (signed ? 2 : 1) || number?.kind !== 'number') return undefined
  const negative = signed && tokens[0]?.text === '-'
  const text = number.text.replaceAll('_', '')
  if (/^0x/i.test(text)) {
    const value = BigInt.asIntN(64, BigInt(text))
    return String(negative ? -value : value)
  }
  // The sign counts before the range: -9223372036854775808 is the smallest INTEGER, not a REAL.
  if (!/[.e]/i.test(text) && BigInt(text) <= MAX_INTEGER + (negative ? 1n : 0n))
    return String(negative ? -BigInt(text) : BigInt(text))
  const real = String(negative ? -Number(text) : Number(text))
  return /[.e]|Infinity|NaN/.test(real) ? real : `${real}.0`
}

/** Names every rowid table has besides its declared columns. */
const ROWID_NAMES = ['rowid', 'oid', '_rowid_']

/**
 * An expression's double-quoted words that name none of `columns`, as the strings SQLite takes them for:
 * a build that accepts double-quoted strings (the C library's default, Python's sqlite3) stores
 * `CHECK (s IN ("Active"))`, which accepts 'Active' only, so its case counts where a name's would not.
 * A word before `.` or `(`, or after `.` or COLLATE, is a name whatever it is, and so is one that spells
 * a name the statement declares itself (an alias, a common table expression: see {@link declaredNames}).
 */
export function doubleQuotedStrings(tokens: readonly Token[], columns: ReadonlySet<string>): Token[] {
  const declared = new Set([...declaredNames(tokens)].map(canonicalName))
  return tokens.map((token, i): Token => {
    const [before, after] = [tokens[i - 1], tokens[i + 1]]
    const named =
      token.kind !== 'quoted' ||
      !token.text.startsWith('"') ||
      after?.text === '.' ||
      after?.text === '(' ||
      before?.text === '.' ||
      isWord(before, 'COLLATE') ||
      columns.has(canonicalName(token.value)) ||
      declared.has(canonicalName(token.value)) ||
      ROWID_NAMES.includes(token.value.toLowerCase())
    return named
      ? token
      : { kind: 'string', text: `'${token.value.replaceAll("'", "''")}'`, value: token.value }
  })
}

/** Canonical text of an expression (a default, a CHECK, a predicate), without redundant outer parentheses. */
export function normalizeExpression(sql: string | readonly Token[]): string {
  return renderTokens(stripOuterParens(typeof sql === 'string' ? tokenize(sql) : sql))
}
