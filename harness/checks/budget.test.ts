import { describe, expect, test } from 'vitest'
import { budgetCheck } from './budget.ts'
import type { CheckContext } from './types.ts'

/** The check's context: a budget, and how the upgrade's start ended. */
function context(
  budgetMs: number | undefined,
  run: { ok: boolean; ms: number; timedOut?: boolean; error?: string },
) {
  return { config: { budgetMs }, upgraded: { run: { timedOut: false, ...run } } } as unknown as CheckContext
}

describe('budget', () => {
  test.for([
    [
      'an upgrade within the budget',
      2000,
      { ok: true, ms: 1500 },
      'pass',
      'the upgrade took 1500 ms, within the budget of 2000 ms',
    ],
    [
      'an upgrade over it',
      2000,
      { ok: true, ms: 2500 },
      'fail',
      'the upgrade took 2500 ms, over the budget of 2000 ms',
    ],
    [
      'a start stopped at timeoutMs after the budget ran out',
      2000,
      { ok: false, ms: 3000, timedOut: true, error: 'timed out after 3000 ms (killed)' },
      'fail',
      'the upgrade was still running when it was stopped at 3000 ms (timeoutMs), over the budget of 2000 ms',
    ],
    [
      'a start stopped at timeoutMs before the budget ran out',
      5000,
      { ok: false, ms: 3000, timedOut: true, error: 'timed out after 3000 ms (killed)' },
      'skip',
      'skipped: the target did not start (timed out after 3000 ms (killed))',
    ],
    [
      'a start that crashed',
      2000,
      { ok: false, ms: 40, error: 'initDb failed: boom' },
      'skip',
      'skipped: the target did not start (initDb failed: boom)',
    ],
    [
      'any start, with no budget',
      undefined,
      { ok: true, ms: 10 },
      'skip',
      'skipped: no budgetMs in the config',
    ],
  ] as const)('%s', async ([, budgetMs, run, status, message]) => {
    expect(await budgetCheck.run(context(budgetMs, run))).toEqual({ status, message })
  })
})
