import { SQL_KEYWORDS } from './keywords.ts'
import { matchingParen } from './normalize-sql.ts'
import { isWord } from './token-cursor.ts'
import type { Token } from './tokenize.ts'

/** A token that can be a name: a double-quoted or bracketed word, or a bare word that is no keyword. */
function isName(token: Token | undefined): boolean {
  if (token?.kind === 'quoted') return true
  return token?.kind === 'word' && !SQL_KEYWORDS.has(token.value.toUpperCase())
}

/** Words that end an expression of their own: a name right after one can only be an alias. */
const LITERAL_WORDS = new Set([
  'END',
  'NULL',
  'TRUE',
  'FALSE',
  'CURRENT_TIME',
  'CURRENT_DATE',
  'CURRENT_TIMESTAMP',
])

/** A literal, or a CASE's END: the end of an expression, which no name can follow but its alias. */
function endsLiteral(token: Token | undefined): boolean {
  if (token?.kind === 'number' || token?.kind === 'string' || token?.kind === 'blob') return true
  return token?.kind === 'word' && LITERAL_WORDS.has(token.value.toUpperCase())
}

/** `AS (`, `AS MATERIALIZED (`, `AS NOT MATERIALIZED (`: what follows a CTE's or a window's name. */
function opensDefinition(tokens: readonly Token[], at: number): boolean {
  if (!isWord(tokens[at], 'AS')) return false
  let i = at + 1
  if (isWord(tokens[i], 'NOT')) i++
  if (isWord(tokens[i], 'MATERIALIZED')) i++
  return tokens[i]?.text === '('
}

/**
 * The names (unquoted, as written) a statement declares for its own use, which no schema holds: table
 * and column aliases (`FROM notes AS "n"`, `FROM notes n`, `count(*) "total"`), common table
 * expressions with their column lists (`WITH "recent"("id") AS (...)`) and windows (`WINDOW "w" AS
 * (...)`, `OVER "w"`). SQLite reads a double-quoted word that spells one of them as that name, so a
 * statement that quotes its alias and one that does not are the same statement.
 *
 * @example declaredNames(tokenize('SELECT "n".id FROM notes AS "n"')) // Set { 'n' }
 */
export function declaredNames(tokens: readonly Token[]): Set<string> {
  const names = new Set<string>()
  tokens.forEach((token, i) => {
    if (!isName(token)) return
    const before = tokens[i - 1]
    const declares =
      isWord(before, 'AS') ||
      isWord(before, 'OVER') ||
      opensDefinition(tokens, i + 1) ||
      // Two names in a row, or a name after a call, a subquery, a literal or END, can only be an alias
      // without AS (`1 "one"`, `CASE ... END "size"`).
      isName(before) ||
      before?.text === ')' ||
      endsLiteral(before)
    if (declares) names.add(token.value)
    // A CTE with its column list: `"recent"("id", "at") AS (`.
    const close = tokens[i + 1]?.text === '(' ? matchingParen(tokens, i + 1) : -1
    if (close > 0 && opensDefinition(tokens, close + 1)) {
      names.add(token.value)
      for (const inner of tokens.slice(i + 2, close)) if (isName(inner)) names.add(inner.value)
    }
  })
  return names
}
