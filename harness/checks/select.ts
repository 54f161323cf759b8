import path from 'node:path'
import type { Config } from '../config/types.ts'
import { InputError } from '../errors.ts'
import type { Snapshot } from '../snapshots/snapshot.ts'
import { type CheckName, isCheckName } from './check-names.ts'
import { CHECKS } from './registry.ts'

/**
 * How an error names one selected name, in the words the caller's user wrote it: the CLI's flag by
 * default, an option's name for the vitest suite (whose users never typed `--check`).
 */
export type NameSource = (name: string) => string

const CHECK_FLAG: NameSource = (name) => `--check ${name}`
const SNAPSHOT_FLAG: NameSource = (name) => `--snapshot ${name}`

/** The checks a run with this `--check` selection reports, in report order; an unknown name is an InputError. */
export function selectChecks(names: string[] | undefined, named = CHECK_FLAG): CheckName[] {
  const available = CHECKS.map((c) => c.name)
  if (!names || names.length === 0) return available
  for (const name of names) {
    if (!isCheckName(name))
      throw new InputError(`${named(name)}: no such check (checks: ${available.join(', ')})`)
    if (!available.includes(name))
      throw new InputError(`${named(name)}: this check is not available in this build`)
  }
  return available.filter((name) => names.includes(name))
}

/** The snapshots to run for a `--snapshot` selection; an unknown name, or none at all, is an InputError. */
export function selectSnapshots(
  all: Snapshot[],
  names: string[] | undefined,
  config: Config,
  named = SNAPSHOT_FLAG,
): Snapshot[] {
  if (!names || names.length === 0) {
    if (all.length === 0)
      throw new InputError(`${path.relative(process.cwd(), config.snapshots) || '.'}: no snapshots`)
    return all
  }
  // A name given twice is one snapshot: running it twice would count its results twice.
  return [...new Set(names)].map((name) => {
    const found = all.find((s) => s.name === name)
    if (!found)
      throw new InputError(`${named(name)}: no such snapshot (have: ${all.map((s) => s.name).join(', ')})`)
    return found
  })
}
