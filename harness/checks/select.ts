import path from 'node:path'
import type { Config } from '../config/types.ts'
import { InputError } from '../errors.ts'
import type { Snapshot } from '../snapshots/snapshot.ts'
import { type CheckName, isCheckName } from './check-names.ts'
import { CHECKS } from './registry.ts'

/** The checks a run with this `--check` selection reports, in report order; an unknown name is an InputError. */
export function selectChecks(names: string[] | undefined): CheckName[] {
  const available = CHECKS.map((c) => c.name)
  if (!names || names.length === 0) return available
  for (const name of names) {
    if (!isCheckName(name))
      throw new InputError(`--check ${name}: no such check (checks: ${available.join(', ')})`)
    if (!available.includes(name))
      throw new InputError(`--check ${name}: this check is not available in this build`)
  }
  return available.filter((name) => names.includes(name))
}

/** The snapshots to run for a `--snapshot` selection; an unknown name, or none at all, is an InputError. */
export function selectSnapshots(all: Snapshot[], names: string[] | undefined, config: Config): Snapshot[] {
  if (!names || names.length === 0) {
    if (all.length === 0)
      throw new InputError(`${path.relative(process.cwd(), config.snapshots) || '.'}: no snapshots`)
    return all
  }
  // A name given twice is one snapshot: running it twice would count its results twice.
  return [...new Set(names)].map((name) => {
    const found = all.find((s) => s.name === name)
    if (!found)
      throw new InputError(
        `--snapshot ${name}: no such snapshot (have: ${all.map((s) => s.name).join(', ')})`,
      )
    return found
  })
}
