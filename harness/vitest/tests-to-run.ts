import type { RunnerTestFile, RunnerTestSuite } from 'vitest'

/** The snapshots and checks a suite's gate must run for the tests vitest is about to run. */
export interface TestsToRun {
  snapshots: string[]
  checks: string[]
}

/**
 * What the suite's tests that vitest will run need, read from `parent` (the suite its describes are in)
 * once vitest has applied `-t`, `.only` and `.skip`: a run filtered down to `v1.0.0 → current starts`
 * needs one snapshot and one check, not the whole matrix. `describes` maps each describe's title to its
 * snapshot; a test's name is its check.
 *
 * @example testsToRun(suite, new Map([['v1.0.0 → current', 'v1.0.0']])) // { snapshots: ['v1.0.0'], checks: ['starts'] }
 */
export function testsToRun(
  parent: Readonly<RunnerTestSuite | RunnerTestFile>,
  describes: ReadonlyMap<string, string>,
): TestsToRun {
  const snapshots = new Set<string>()
  const checks = new Set<string>()
  for (const child of parent.tasks) {
    const snapshot = describes.get(child.name)
    if (child.type !== 'suite' || snapshot === undefined) continue
    for (const test of child.tasks) {
      if (test.type !== 'test' || (test.mode !== 'run' && test.mode !== 'only')) continue
      snapshots.add(snapshot)
      checks.add(test.name)
    }
  }
  return { snapshots: [...snapshots], checks: [...checks] }
}
