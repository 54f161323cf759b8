import { InputError } from '../errors.ts'

/** Characters a backslash escapes inside double quotes (POSIX); before any other it stays a backslash. */
const DOUBLE_QUOTED_ESCAPES = new Set(['\\', '"', '$', '`', '\n'])

/**
 * Splits a command line into words the way a POSIX shell does, without any expansion: white space separates
 * words; single quotes keep everything up to the next one; double quotes keep everything but a
 * backslash before `\ " $ \``; outside quotes a backslash keeps the next character (and a backslash
 * before a newline joins the lines). `''` is an empty word. So a program path or an argument with a
 * space in it can be given: `'/opt/my app/init' --db {db}`. Throws InputError, naming `what`, on an
 * unterminated quote or a trailing backslash.
 *
 * @example splitCommandWords(`"my tool" --name 'a b' c\\ d`, '--target') // ['my tool', '--name', 'a b', 'c d']
 */
export function splitCommandWords(text: string, what: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false // a quoted '' is a word, empty
  let quote: { char: "'" | '"'; at: number } | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    const next = text[i + 1]
    if (quote?.char === "'") {
      if (c === "'") quote = undefined
      else word += c
    } else if (quote?.char === '"') {
      if (c === '"') quote = undefined
      else if (c === '\\' && next !== undefined && DOUBLE_QUOTED_ESCAPES.has(next)) {
        if (next !== '\n') word += next
        i++
      } else word += c
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word)
      ;[word, inWord] = ['', false]
    } else if (c === '\\' && next === '\n') {
      i++ // a line continued: no character, and no word begun
    } else {
      inWord = true
      if (c === "'" || c === '"') quote = { char: c, at: i }
      else if (c !== '\\') word += c
      else if (next === undefined) {
        throw new InputError(`${what}: ends in a lone backslash; expected a character after it`)
      } else {
        word += next
        i++
      }
    }
  }
  if (quote) {
    const name = quote.char === "'" ? 'single' : 'double'
    // Quote from the quote on: where it opened is what the reader has to find.
    throw new InputError(
      `${what}: unterminated ${name} quote (${text.slice(quote.at)}); expected a closing ${quote.char}`,
    )
  }
  if (inWord) words.push(word)
  return words
}

/** Characters that never need quoting in a word. */
const PLAIN_WORD = /^[\w@%+=:,./{}-]+$/

/**
 * A word as {@link splitCommandWords} reads it back: bare when plain, else single-quoted (a `'` inside
 * as `'\''`), so a report's `command:...` can be given to `--target` as it stands.
 *
 * @example quoteCommandWord('/opt/my app/init') // "'/opt/my app/init'"
 */
export function quoteCommandWord(word: string): string {
  return PLAIN_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}
