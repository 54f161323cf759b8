/** The kinds of token SQLite's grammar distinguishes; whitespace and comments are dropped. */
export type TokenKind = 'word' | 'quoted' | 'string' | 'blob' | 'number' | 'variable' | 'punct'

/** One SQL token. `text` is the source text; `value` is the identifier or word with quotes removed. */
export interface Token {
  kind: TokenKind
  /** The token exactly as written. */
  text: string
  /** For `word` and `quoted`: the identifier without quotes (doubled quotes undone). Otherwise `text`. */
  value: string
}

const TWO_CHAR_OPERATORS = new Set(['<=', '>=', '<>', '!=', '==', '||', '<<', '>>', '->'])

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

// SQLite treats every byte >= 0x80 as an identifier character, so unicode names tokenise as words.
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95 || c === 36 || c > 127
}

/** Index just past the closing `close` quote starting at `start` (a doubled quote escapes itself). */
function endOfQuoted(sql: string, start: number, close: string): number {
  let i = start + 1
  for (;;) {
    const at = sql.indexOf(close, i)
    if (at < 0) return sql.length
    // `]` cannot be escaped; the other quotes escape by doubling.
    if (close !== ']' && sql[at + 1] === close) {
      i = at + 2
      continue
    }
    return at + 1
  }
}

function endOfNumber(sql: string, start: number): number {
  let i = start
  if (sql[i] === '0' && (sql[i + 1] === 'x' || sql[i + 1] === 'X')) {
    i += 2
    while (i < sql.length && /[0-9a-fA-F_]/.test(sql[i] as string)) i++
    return i
  }
  while (i < sql.length && (isDigit(sql.charCodeAt(i)) || sql[i] === '_')) i++
  if (sql[i] === '.') {
    i++
    while (i < sql.length && (isDigit(sql.charCodeAt(i)) || sql[i] === '_')) i++
  }
  if (sql[i] === 'e' || sql[i] === 'E') {
    let j = i + 1
    if (sql[j] === '+' || sql[j] === '-') j++
    if (isDigit(sql.charCodeAt(j))) {
      i = j
      while (i < sql.length && isDigit(sql.charCodeAt(i))) i++
    }
  }
  return i
}

function unquote(text: string): string {
  const open = text[0]
  const close = open === '[' ? ']' : open
  const body = text.slice(1, text.endsWith(close as string) && text.length > 1 ? -1 : undefined)
  return open === '[' ? body : body.split(`${close}${close}`).join(close)
}

/**
 * Splits SQL into tokens the way SQLite's own tokenizer does: string literals, blobs (`x'00'`),
 * identifiers quoted with `"`, `` ` `` or `[ ]`, numbers, parameters and operators; `--` and `/* *\/`
 * comments and whitespace are dropped. Never throws: an unterminated string or comment runs to the end.
 *
 * @example tokenize(`CREATE TABLE "a b" (x TEXT DEFAULT 'it''s') -- note`)
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const push = (kind: TokenKind, end: number, value?: string): void => {
    const text = sql.slice(i, end)
    tokens.push({ kind, text, value: value ?? text })
    i = end
  }
  while (i < sql.length) {
    const c = sql.charCodeAt(i)
    const ch = sql[i] as string
    if (isSpace(c)) {
      i++
    } else if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i)
      i = nl < 0 ? sql.length : nl + 1
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2)
      i = end < 0 ? sql.length : end + 2
    } else if (ch === "'") {
      push('string', endOfQuoted(sql, i, "'"))
    } else if ((ch === 'x' || ch === 'X') && sql[i + 1] === "'") {
      push('blob', endOfQuoted(sql, i + 1, "'"))
    } else if (ch === '"' || ch === '`' || ch === '[') {
      const end = endOfQuoted(sql, i, ch === '[' ? ']' : ch)
      push('quoted', end, unquote(sql.slice(i, end)))
    } else if (isDigit(c) || (ch === '.' && isDigit(sql.charCodeAt(i + 1)))) {
      push('number', endOfNumber(sql, i))
    } else if (ch === '?' || ch === ':' || ch === '@' || ch === '$' || ch === '#') {
      let end = i + 1
      while (end < sql.length && isWordChar(sql.charCodeAt(end))) end++
      push('variable', end)
    } else if (isWordChar(c)) {
      let end = i + 1
      while (end < sql.length && isWordChar(sql.charCodeAt(end))) end++
      push('word', end)
    } else {
      const two = sql.slice(i, i + 3) === '->>' ? '->>' : sql.slice(i, i + 2)
      push('punct', i + (two === '->>' ? 3 : TWO_CHAR_OPERATORS.has(two) ? 2 : 1))
    }
  }
  return tokens
}
