/**
 * Splits an SQL script into its statements, as SQLite's `exec` runs them one after the other, keeping
 * each statement's text exactly as written (comments included). A `;` ends a statement unless it is
 * inside a string, a quoted identifier, a comment, or the BEGIN ... END body of a CREATE TRIGGER.
 * Statements that hold nothing but white space and comments are dropped.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = []
  let start = 0
  let words: string[] = [] // the statement's words so far, upper-cased (enough to spot a trigger)
  let bodyDepth = 0 // BEGIN/CASE ... END nesting inside a trigger body
  let i = 0
  const flush = (end: number) => {
    const text = sql.slice(start, end)
    if (hasCode(text)) statements.push(text)
    start = end
    words = []
    bodyDepth = 0
  }
  while (i < sql.length) {
    const c = sql[i]!
    if (c === "'" || c === '"' || c === '`') i = closing(sql, i, c)
    else if (c === '[') i = closing(sql, i, ']')
    else if (c === '-' && sql[i + 1] === '-') i = lineEnd(sql, i)
    else if (c === '/' && sql[i + 1] === '*') i = blockEnd(sql, i)
    else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j]!)) j++
      const word = sql.slice(i, j).toUpperCase()
      words.push(word)
      if (isTrigger(words)) {
        if (word === 'BEGIN' || (word === 'CASE' && bodyDepth > 0)) bodyDepth++
        else if (word === 'END' && bodyDepth > 0) bodyDepth--
      }
      i = j
    } else if (c === ';' && bodyDepth === 0) {
      i++
      flush(i)
    } else i++
  }
  flush(sql.length)
  return statements
}

function isTrigger(words: string[]): boolean {
  const [first, second, third] = words
  return (
    first === 'CREATE' &&
    (second === 'TRIGGER' || ((second === 'TEMP' || second === 'TEMPORARY') && third === 'TRIGGER'))
  )
}

/** Whether a piece of SQL holds anything but white space, comments and semicolons. */
function hasCode(text: string): boolean {
  return text.replace(/--[^\n]*|\/\*[\s\S]*?(\*\/|$)|[\s;]/g, '') !== ''
}

function closing(sql: string, at: number, quote: string): number {
  let i = at + 1
  for (;;) {
    const next = sql.indexOf(quote, i)
    if (next === -1) return sql.length
    // Doubled quotes escape themselves; `]` cannot be escaped.
    if (quote !== ']' && sql[next + 1] === quote) i = next + 2
    else return next + 1
  }
}

function lineEnd(sql: string, at: number): number {
  const next = sql.indexOf('\n', at)
  return next === -1 ? sql.length : next + 1
}

function blockEnd(sql: string, at: number): number {
  const next = sql.indexOf('*/', at + 2)
  return next === -1 ? sql.length : next + 2
}
