import { doubleQuotedStrings, normalizeExpression } from './normalize-sql.ts'
import { findTopLevel, group, isWord, splitTopLevel } from './token-cursor.ts'
import { tokenize, type Token } from './tokenize.ts'

/** What a CREATE INDEX statement says that `pragma index_xinfo` does not. */
export interface ParsedIndex {
  /** Each key as written, canonical, without its COLLATE and ASC/DESC (those come from the pragma). */
  keys: string[]
  /** The WHERE predicate, canonical; undefined when the index is not partial. */
  where: string | undefined
}

function keyText(item: Token[]): string {
  let end = item.length
  if (isWord(item[end - 1], 'ASC') || isWord(item[end - 1], 'DESC')) end--
  if (isWord(item[end - 2], 'COLLATE')) end -= 2
  return normalizeExpression(item.slice(0, end))
}

/**
 * Reads the key expressions and the partial-index predicate of a CREATE INDEX statement. Given the
 * names the schema holds, a double-quoted word that is none of them reads as a string (`WHERE s =
 * "Active"` in a database made by a SQLite that accepts double-quoted strings), its case kept.
 */
export function parseCreateIndex(sql: string, names?: ReadonlySet<string>): ParsedIndex {
  const tokens = names === undefined ? tokenize(sql) : doubleQuotedStrings(tokenize(sql), names)
  const on = tokens.findIndex((t) => isWord(t, 'ON'))
  const open = tokens.findIndex((t, i) => i > on && t.kind === 'punct' && t.text === '(')
  if (on < 0 || open < 0) return { keys: [], where: undefined }
  const { inner, next } = group(tokens, open)
  const whereAt = findTopLevel(tokens, next, (t) => isWord(t, 'WHERE'))
  const predicate = whereAt < 0 ? [] : tokens.slice(whereAt + 1).filter((t) => t.text !== ';')
  return {
    keys: splitTopLevel(inner).map(keyText),
    where: predicate.length > 0 ? normalizeExpression(predicate) : undefined,
  }
}
