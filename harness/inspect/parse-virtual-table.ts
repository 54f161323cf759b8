import { normalizeSql, renderTokens, SIMPLE_IDENTIFIER } from './normalize-sql.ts'
import { group, isWord, splitTopLevel } from './token-cursor.ts'
import { tokenize, type Token } from './tokenize.ts'

/** Module and arguments of `CREATE VIRTUAL TABLE name USING module(args)`. */
export function parseVirtualTable(sql: string): { module: string; arguments: string[] } {
  const tokens = tokenize(sql)
  const using = tokens.findIndex((t) => isWord(t, 'USING'))
  if (using < 0) return { module: '', arguments: [normalizeSql(sql)] }
  const module = (tokens[using + 1]?.value ?? '').toLowerCase()
  const open = using + 2
  if (tokens[open]?.text !== '(') return { module, arguments: [] }
  return {
    module,
    arguments: splitTopLevel(group(tokens, open).inner).map((arg) =>
      renderTokens(module === 'fts5' ? fts5Option(arg) : arg.map(asWritten)),
    ),
  }
}

/** fts5 options whose value names a table or a column, which SQLite finds whatever their case. */
const FTS5_NAME_OPTIONS = new Set(['content', 'content_rowid'])

/**
 * fts5 dequotes an option's value whatever its quotes: `tokenize = porter`, `'porter'`, `"porter"` and
 * `[porter]` are one option, so each reads as the string it stands for, its case kept (a tokenizer's
 * `separators` are case-sensitive), but for a name (`content = Notes` is `content = notes`).
 */
function fts5Option(arg: Token[]): Token[] {
  const [key, equals, value] = arg
  if (arg.length !== 3 || key?.kind !== 'word' || equals?.text !== '=' || value === undefined)
    return arg.map(asWritten)
  const written = value.kind === 'string' ? value.text.slice(1, -1).replaceAll("''", "'") : value.value
  if (!['string', 'quoted', 'word', 'number'].includes(value.kind)) return arg.map(asWritten)
  const text = FTS5_NAME_OPTIONS.has(key.value.toLowerCase()) ? written.toLowerCase() : written
  return [key, equals, { kind: 'string', text: `'${text.replaceAll("'", "''")}'`, value: text }]
}

/**
 * A module reads its arguments itself: a double-quoted one that is not a plain name (`"unicode61
 * separators 'X'"`) is text whose case counts, so it is kept as written rather than folded like a name.
 */
function asWritten(token: Token): Token {
  const plainName = SIMPLE_IDENTIFIER.test(token.value)
  return token.kind === 'quoted' && token.text.startsWith('"') && !plainName
    ? { kind: 'string', text: token.text, value: token.value }
    : token
}
