import type { CheckResult } from '../checks/types.ts'

/** Counts of results by status. */
export interface Tally {
  passed: number
  failed: number
  skipped: number
}

/** Counts results by status. */
export function tally(results: readonly CheckResult[]): Tally {
  return {
    passed: results.filter((r) => r.status === 'pass').length,
    failed: results.filter((r) => r.status === 'fail').length,
    skipped: results.filter((r) => r.status === 'skip').length,
  }
}

/** The closing line: `30 passed, 1 failed, 4 skipped`. */
export function tallyLine(results: readonly CheckResult[]): string {
  const t = tally(results)
  return `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`
}

/** Snapshot names and check names in the order they first appear. */
export function matrixAxes(results: readonly CheckResult[]): { snapshots: string[]; checks: string[] } {
  return {
    snapshots: [...new Set(results.map((r) => r.snapshot))],
    checks: [...new Set(results.map((r) => r.check))],
  }
}
