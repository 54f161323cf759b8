import type { RunnerTestFile, RunnerTestSuite } from 'vitest'

/** Snapshots and the checks a suite's gate must run on each of them, for the tests vitest is about to run. */
export interface TestsToRun {
  snapshots: string[]
  checks: string[]
}

/**
 * The gate runs the suite's tests that vitest will run need, read from `parent` (the suite its describes are
 * in) once vitest has applied `-t`, `.only` and `.skip`: a run filtered down to `v1.0.0 → current starts`
 * needs one snapshot and one check, not the whole matrix. `describes` maps each describe's title to its
 * snapshot; a test's name is its check. Snapshots whose tests left differ get runs of their own: a check
 * skipped because the target did not start counts on the snapshot's `starts` test to fail, so a snapshot
 * whose `starts` test is filtered out must not run `starts` because another snapshot's test wants it.
 *
 * @example testsToRun(suite, new Map([['v1.0.0 → current', 'v1.0.0']])) // [{ snapshots: ['v1.0.0'], checks: ['starts'] }]
 */
export function testsToRun(
  parent: Readonly<RunnerTestSuite | RunnerTestFile>,
  describes: ReadonlyMap<string, string>,
): TestsToRun[] {
  const runs = new Map<string, TestsToRun>()
  for (const child of parent.tasks) {
    const snapshot = describes.get(child.name)
    if (child.type !== 'suite' || snapshot === undefined) continue
    const checks = child.tasks
      .filter((test) => test.type === 'test' && (test.mode === 'run' || test.mode === 'only'))
      .map((test) => test.name)
    if (checks.length === 0) continue
    const key = checks.join('\n')
    const run = runs.get(key) ?? { snapshots: [], checks }
    run.snapshots.push(snapshot)
    runs.set(key, run)
  }
  return [...runs.values()]
}
