import type { Check } from './types.ts'

/** `budget`: the upgrade finishes within `budgetMs` (skipped when no budget is configured). */
export const budgetCheck: Check = {
  name: 'budget',
  async run({ config, upgraded }) {
    const ms = Math.round(upgraded.run.ms)
    if (config.budgetMs === undefined)
      return { status: 'skip', message: 'skipped: no budgetMs in the config' }
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
