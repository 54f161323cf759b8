/** Quotes an identifier for SQL text: `"my ""odd"" name"`. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** Longest text value a sample row shows before cutting it with `…`. */
const MAX_TEXT = 24
/** Most columns a sample row shows before ending with `...`. */
const MAX_COLUMNS = 4

// C1 controls too: U+009B is CSI to a terminal that reads them, as ESC [ is to every one.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g
const NAMED_ESCAPES: Record<string, string> = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * A control character spelled out: a terminal shows a NUL as nothing, so `'ab\0cd' → 'ab'` read as
 * `'abcd' → 'ab'`, and an escape sequence in a value would recolour the report.
 */
function escapeControl(character: string): string {
  return NAMED_ESCAPES[character] ?? `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`
}

/**
 * `text` with its control characters spelled out (`\x1b`, `\r`, `\0`), for text shown on a terminal:
 * a value, or a table or column name, that holds an escape sequence must not drive the terminal.
 *
 * @example escapeControlCharacters("t\u001b[31m") // "t\\x1b[31m"
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, escapeControl)
}

/** One value rendered short for a message: `'héllo'`, `NULL`, `42`, `X'00ff…'`. */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'string') {
    const cut = [...value].length > MAX_TEXT ? [...value].slice(0, MAX_TEXT).join('') + '…' : value
    return `'${escapeControlCharacters(cut.replaceAll("'", "''"))}'`
  }
  if (Buffer.isBuffer(value)) {
    const hex = value.subarray(0, 8).toString('hex')
    return `X'${hex}${value.length > 8 ? '…' : ''}'`
  }
  // String(-0) is '0': a real -0.0 turned into 0.0 would read as no change.
  if (Object.is(value, -0)) return '-0.0'
  return String(value)
}

/** How {@link renderRow} renders a row. */
export interface RenderRowOptions {
  /**
   * A row this one must read apart from, as the row lost and the row added of a table without a key,
   * which nothing else pairs: each column whose value differs from it is shown, past the first few
   * too, and a text or blob that would read the same in both from where they differ. Default: none
   * (the first few columns, each as {@link renderValue} renders it).
   */
  apartFrom?: unknown[]
}

/**
 * A row rendered short: `(id=7, slug='héllo', ...)`. A row may carry each column's storage class after
 * its values, as {@link renderChange} reads them: a real that reads as an integer then keeps its point
 * (`v=1.0`), apart from the integer 1; as JavaScript numbers both read `1`, so a row lost and the row
 * that replaced it, 1 rewritten as 1.0, were shown alike.
 *
 * @example renderRow(['n', 'v'], [1, `${'a'.repeat(30)}1`], { apartFrom: [1, `${'a'.repeat(30)}2`] }) // "(n=1, v=…'aaaaaaaa1')"
 */
export function renderRow(columns: string[], values: unknown[], options: RenderRowOptions = {}): string {
  const n = columns.length
  const other = options.apartFrom
  const shown = (row: unknown[], i: number): string => {
    const text = renderValue(row[i])
    return row.length >= 2 * n && row[n + i] === 'real' && /^-?\d+$/.test(text) ? `${text}.0` : text
  }
  const differs = (i: number): boolean =>
    other !== undefined && (!sameValue(values[i], other[i]) || values[n + i] !== other[n + i])
  const value = (i: number): string => {
    const text = shown(values, i)
    if (!other || !differs(i) || text !== shown(other, i)) return text
    return fromFirstDifference(values[i], other[i])?.[0] ?? text
  }
  const parts: string[] = []
  columns.forEach((column, i) => {
    if (i < MAX_COLUMNS || differs(i)) parts.push(`${column}=${value(i)}`)
    // One `...` for each run of columns left out (every `column=value` part holds a `=`).
    else if (parts.at(-1) !== '...') parts.push('...')
  })
  return `(${parts.join(', ')})`
}

/** Whether two values read from SQLite are the same value (blobs by their bytes). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b)
  return a === b
}

/**
 * A row that changed, rendered short: its key, then each column whose value differs, before and after:
 * `(id=7; body: 'old' → 'new')`. The first `keyCount` columns are the key. A row may carry each
 * column's storage class after its values (`typeof`, as the data comparison selects them): a value
 * that only changed class, a key's included, reads `v: 1 (integer) → 1 (real)`. Undefined when no
 * column differs.
 */
export function renderChange(
  columns: string[],
  keyCount: number,
  before: unknown[],
  after: unknown[],
): string | undefined {
  const n = columns.length
  const classOf = (row: unknown[], i: number): unknown => (row.length >= 2 * n ? row[n + i] : undefined)
  const changed = columns
    .map((column, i) => ({ column, i, reclassed: classOf(before, i) !== classOf(after, i) }))
    // A key column matched by value (1 IS 1.0), so only its storage class can have changed.
    .filter(({ i, reclassed }) => reclassed || (i >= keyCount && !sameValue(before[i], after[i])))
  if (changed.length === 0) return undefined
  const key = columns.slice(0, keyCount).map((column, i) => `${column}=${renderValue(before[i])}`)
  const show = (row: unknown[], i: number, reclassed: boolean): string =>
    reclassed ? `${renderValue(row[i])} (${String(classOf(row, i))})` : renderValue(row[i])
  const parts = changed.slice(0, MAX_COLUMNS).map(({ column, i, reclassed }) => {
    const [from, to] = [show(before, i, reclassed), show(after, i, reclassed)]
    // Values that differ only past the part shown would read as no change at all.
    const apart = from === to ? fromFirstDifference(before[i], after[i]) : undefined
    return `${column}: ${(apart ?? [from, to]).join(' → ')}`
  })
  if (changed.length > MAX_COLUMNS) parts.push('...')
  return `(${key.join(', ')}; ${parts.join(', ')})`
}

/** Characters, and bytes, of context shown before the first difference of two long texts, or blobs. */
const TEXT_CONTEXT = 8
const BLOB_CONTEXT = 2

/**
 * Two texts, or two blobs, rendered from a little before their first difference (a text by code
 * points, a blob by bytes), for values that {@link renderValue} cuts before it; undefined for any other
 * pair of values.
 */
function fromFirstDifference(a: unknown, b: unknown): [string, string] | undefined {
  if (typeof a === 'string' && typeof b === 'string') {
    const [x, y] = [[...a], [...b]]
    const at = firstDifference(x, y) - TEXT_CONTEXT
    return [textFrom(x, at), textFrom(y, at)]
  }
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) {
    const at = firstDifference(a, b) - BLOB_CONTEXT
    return [blobFrom(a, at), blobFrom(b, at)]
  }
  return undefined
}

/** The index of the first item at which `a` and `b` differ (the shorter one's length when one is a prefix). */
function firstDifference<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  let at = 0
  while (at < a.length && at < b.length && a[at] === b[at]) at++
  return at
}

/** A text (its code points) rendered as {@link renderValue} does, but from code point `at`: `…'ve id -42!'`. */
function textFrom(codePoints: string[], at: number): string {
  const shown = renderValue(codePoints.slice(Math.max(0, at)).join(''))
  return at > 0 ? `…${shown}` : shown
}

/** A blob rendered as {@link renderValue} does, but from byte `at`: `X'…7788ff'`. */
function blobFrom(blob: Buffer, at: number): string {
  const shown = renderValue(blob.subarray(Math.max(0, at)))
  return at > 0 ? shown.replace("X'", "X'…") : shown
}

/**
 * An identifier as SQLite compares it: case-insensitive for ASCII letters only, so `Äpfel` and `äpfel`
 * are two tables, while `Notes` and `notes` are one. The key to match names by.
 */
export function foldIdentifier(name: string): string {
  return name.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())
}
