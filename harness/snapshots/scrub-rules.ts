import { readFile } from 'node:fs/promises'
import { InputError, errorMessage } from '../errors.ts'
import { displayPath } from './display-path.ts'

/** What to do with one column's values: blank them, hash them (keyed), fake them, or keep them. */
export type ScrubAction = 'null' | 'hash' | 'fake' | 'keep'

/** Scrub rules: `table.column` → action, as the rules file (a JSON object) holds them. */
export type ScrubRules = Record<string, ScrubAction>

const ACTIONS = new Set<string>(['null', 'hash', 'fake', 'keep'])

/** A rule's key split into table and column (at the last dot, so a column never holds one). */
export function splitRuleKey(key: string): { table: string; column: string } | undefined {
  const dot = key.lastIndexOf('.')
  if (dot <= 0 || dot === key.length - 1) return undefined
  return { table: key.slice(0, dot), column: key.slice(dot + 1) }
}

/**
 * Reads and validates a scrub rules file: a JSON object mapping `table.column` to `null`, `hash`,
 * `fake` or `keep`. Throws an InputError naming the file and the entry: `scrub.json: "notes.body": must be
 * one of null, hash, fake, keep (got "drop")`. Whether the columns exist is checked against the database.
 */
export async function loadScrubRules(file: string): Promise<ScrubRules> {
  const where = displayPath(file)
  const text = await readFile(file, 'utf8').catch(() => {
    throw new InputError(`${where}: scrub rules file not found`)
  })
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new InputError(`${where}: not valid JSON (${errorMessage(error)})`)
  }
  return validateScrubRules(raw, where)
}

/** Validates rules given as data (see {@link loadScrubRules}); `where` names their origin in errors. */
export function validateScrubRules(raw: unknown, where: string): ScrubRules {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError(`${where}: must hold a JSON object mapping "table.column" to an action`)
  }
  const rules: ScrubRules = {}
  for (const [key, value] of Object.entries(raw)) {
    if (splitRuleKey(key) === undefined) throw new InputError(`${where}: "${key}": must be "table.column"`)
    // JSON null means the action `null` too: `{ "sessions.ip": null }` reads naturally.
    const action = value === null ? 'null' : value
    if (typeof action !== 'string' || !ACTIONS.has(action)) {
      throw new InputError(
        `${where}: "${key}": must be one of null, hash, fake, keep (got ${JSON.stringify(value)})`,
      )
    }
    rules[key] = action as ScrubAction
  }
  return rules
}
