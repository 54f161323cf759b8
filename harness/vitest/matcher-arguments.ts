import type { HistorySpec } from '../config/types.ts'

/**
 * A matcher's arguments as a test wrote them, checked before use: a number or an `undefined` where a name
 * belongs would otherwise surface as `name.replace is not a function`, deep in the schema reader, or
 * compare as a history that can never match. Bad arguments are a mistake in the test, not a failed
 * assertion, so they throw for `.not` too.
 *
 * @example assertName('toHaveColumn', 'table', 5) // TypeError: toHaveColumn: table must be a name (a non-empty string), got 5
 */
export function assertName(matcher: string, what: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '')
    throw new TypeError(`${matcher}: ${what} must be a name (a non-empty string), got ${shown(value)}`)
}

/** Asserts a list of names (`toHaveIndex`'s keys, `toHaveAppliedMigrations`' history). */
export function assertNames(
  matcher: string,
  what: string,
  value: unknown,
  { orNumber = false, nonEmpty = false } = {},
): void {
  if (orNumber && typeof value === 'number' && Number.isInteger(value)) return
  const ok =
    Array.isArray(value) &&
    (!nonEmpty || value.length > 0) &&
    value.every((v) => typeof v === 'string' && v !== '')
  if (!ok) {
    const expected = `${nonEmpty ? 'a non-empty' : 'an'} array of names${orNumber ? ' or a whole number' : ''}`
    throw new TypeError(`${matcher}: ${what} must be ${expected}, got ${shown(value)}`)
  }
}

/**
 * Asserts an options object (`toHaveColumn`'s properties, `toHaveIndex`'s, `toMatchSchema`'s options) holds
 * only the keys the matcher reads: a misspelt one (`notnull`, `unqiue`, `strictcolumnorder`) would be
 * ignored, and the assertion pass without checking what the test asked.
 *
 * @example assertKnownKeys('toHaveColumn', 'column properties', { notnull: true }, ['notNull']) // TypeError: toHaveColumn: "notnull" is not one of the column properties (notNull)
 */
export function assertKnownKeys(
  matcher: string,
  what: string,
  value: unknown,
  known: readonly string[],
): void {
  if (value === undefined) return
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`${matcher}: the ${what} must be an object, got ${shown(value)}`)
  const unknown = Object.keys(value).find((key) => !known.includes(key))
  if (unknown !== undefined)
    throw new TypeError(`${matcher}: "${unknown}" is not one of the ${what} (${known.join(', ')})`)
}

/**
 * Asserts `toHaveAppliedMigrations`' history spec: `{ table, column }` (names) or
 * `{ pragma: 'user_version' }`, nothing else. Any other shape (the config's `{ history: ... }` passed
 * whole, a misspelt key, a missing column) would read as "no history table": `history holds []`, and
 * `.not` or an expectation of `[]` passing on any database.
 */
export function assertHistorySpec(matcher: string, value: unknown): asserts value is HistorySpec {
  if (isHistorySpec(value)) return
  throw new TypeError(
    `${matcher}: the history spec must be { table, column } (names) or { pragma: 'user_version' }, got ${shown(value)}`,
  )
}

function isHistorySpec(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const keys = Object.keys(value).sort().join(',')
  const spec = value as Record<string, unknown>
  if (keys === 'pragma') return spec['pragma'] === 'user_version'
  const isName = (v: unknown): boolean => typeof v === 'string' && v !== ''
  return keys === 'column,table' && isName(spec['table']) && isName(spec['column'])
}

/** A value as an error message quotes it: a string in quotes, NaN and undefined as such, else JSON. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === undefined || typeof value === 'number' || typeof value === 'boolean') return String(value)
  try {
    return JSON.stringify(value) ?? typeof value
  } catch {
    return typeof value
  }
}
