import { failedStartOutcome } from './failed-start.ts'
import type { Check } from './types.ts'

/**
 * `budget`: the upgrade finishes within `budgetMs` (skipped when no budget is configured). It runs when
 * the start failed too: a start killed at `timeoutMs` after the budget ran out has missed it, whatever
 * else went wrong; any other failed start is skipped, as for the checks that need the upgrade (failed,
 * when the run has no `starts` result to report it).
 */
export const budgetCheck: Check = {
  name: 'budget',
  needsStart: false,
  async run({ config, upgraded, startsReported = true }) {
    const { run } = upgraded
    const ms = Math.round(run.ms)
    if (config.budgetMs === undefined)
      return { status: 'skip', message: 'skipped: no budgetMs in the config' }
    if (!run.ok && !(run.timedOut && ms > config.budgetMs))
      return failedStartOutcome(run.error, startsReported)
    if (!run.ok) {
      return {
        status: 'fail',
        message: `the upgrade was still running when it was stopped at ${ms} ms (timeoutMs), over the budget of ${config.budgetMs} ms`,
      }
    }
    if (ms > config.budgetMs) {
      return {
        status: 'fail',
        message: `the upgrade took ${ms} ms, over the budget of ${config.budgetMs} ms`,
      }
    }
    return {
      status: 'pass',
      message: `the upgrade took ${ms} ms, within the budget of ${config.budgetMs} ms`,
    }
  },
}
