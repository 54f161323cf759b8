import { normalizeSql } from './normalize-sql.ts'
import { group, isWord, splitTopLevel } from './token-cursor.ts'
import { tokenize } from './tokenize.ts'
import { renderTokens } from './normalize-sql.ts'

/** Module and arguments of `CREATE VIRTUAL TABLE name USING module(args)`. */
export function parseVirtualTable(sql: string): { module: string; arguments: string[] } {
  const tokens = tokenize(sql)
  const using = tokens.findIndex((t) => isWord(t, 'USING'))
  if (using < 0) return { module: '', arguments: [normalizeSql(sql)] }
  const module = (tokens[using + 1]?.value ?? '').toLowerCase()
  const open = using + 2
  if (tokens[open]?.text !== '(') return { module, arguments: [] }
  return { module, arguments: splitTopLevel(group(tokens, open).inner).map(renderTokens) }
}
