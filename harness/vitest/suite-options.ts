import { InputError } from '../errors.ts'
import type { NameSource } from '../checks/select.ts'
import { shown } from './matcher-arguments.ts'

/** How the suite's errors name a snapshot or a check its options chose: by the option, as the test wrote it. */
export const SNAPSHOTS_OPTION: NameSource = (name) => `snapshots "${name}"`
export const CHECKS_OPTION: NameSource = (name) => `checks "${name}"`

/**
 * Refuses suite options of the wrong kind, naming the option. Untyped callers (a `.js` suite, an options
 * object built at run time) get there: `snapshots: 'v1.0.0'` was read letter by letter
 * (`--snapshot v: no such snapshot`), and `parallel: NaN` left every start waiting for a free worker
 * until timeoutMs.
 *
 * @example assertSuiteOptions({ checks: 'starts' }) // InputError: checks: expected an array of check names, got "starts"
 */
export function assertSuiteOptions(options: Record<string, unknown>): void {
  for (const [option, what] of [
    ['snapshots', 'snapshot names'],
    ['checks', 'check names'],
  ] as const) {
    const value = options[option]
    if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === 'string')))
      throw new InputError(`${option}: expected an array of ${what}, got ${shown(value)}`)
  }
  const parallel = options['parallel']
  if (parallel !== undefined && !(typeof parallel === 'number' && Number.isInteger(parallel) && parallel > 0))
    throw new InputError(`parallel: expected a whole number > 0, got ${shown(parallel)}`)
  const timeout = options['timeoutMs']
  if (timeout !== undefined && !(typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0))
    throw new InputError(`timeoutMs: expected a number of milliseconds > 0, got ${shown(timeout)}`)
  for (const option of ['config', 'shard', 'targetLabel'] as const) {
    const value = options[option]
    if (value !== undefined && typeof value !== 'string')
      throw new InputError(`${option}: expected a string, got ${shown(value)}`)
  }
}
