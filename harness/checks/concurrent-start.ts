import { createWorkingCopy } from '../snapshots/working-copy.ts'
import { startMany } from '../targets/start-many.ts'
import { compareStates } from './compare-states.ts'
import { readHistory } from './read-history.ts'
import { historyOnReturnQuery, returnedEarly } from './returned-early.ts'
import { count, summarize } from './summarize.ts'
import type { Check } from './types.ts'

/** How many times the processes are started together: a race does not show every time. */
export const CONCURRENT_ROUNDS = 3

/**
 * `concurrent-start`: N processes (config `concurrency`) start on one copy of the snapshot at once, held
 * at a start line and released together. All must succeed, record each migration once, and leave what a
 * single start leaves (history timestamps and volatile columns aside); and none may return before the
 * upgrade is done (better-sqlite3 module targets: each reads the history as its start-up returns).
 */
export const concurrentStartCheck: Check = {
  name: 'concurrent-start',
  async run({ config, snapshot, target, upgraded }) {
    const n = config.concurrency
    for (let round = 1; round <= CONCURRENT_ROUNDS; round++) {
      await using copy = await createWorkingCopy(snapshot)
      const runs = await startMany(target, copy.dbPath, n, {
        readOnReturn: historyOnReturnQuery(config.history),
      })
      const failed = runs.filter((r) => !r.ok)
      const where = `round ${round}: `
      if (failed.length > 0) {
        return {
          status: 'fail',
          message: `${where}${failed.length} of ${n} processes failed: ${failed[0]!.error}`,
          details: { runs },
        }
      }
      const history = readHistory(copy.dbPath, config.history)
      const repeated = history.filter((name, i) => history.indexOf(name) !== i)
      if (repeated.length > 0) {
        return {
          status: 'fail',
          message: `${where}migration ${repeated[0]} recorded more than once`,
          details: { history },
        }
      }
      const early = returnedEarly(runs, config.history, history)
      if (early !== undefined)
        return { status: 'fail', message: `${where}${early}`, details: { runs, history } }
      const { problems, details } = compareStates(
        config,
        upgraded,
        copy.dbPath,
        { expected: 'single start', actual: `${n} concurrent starts` },
        { ignoreHistoryTimestamps: true },
      )
      if (problems.length > 0) return { status: 'fail', message: `${where}${summarize(problems)}`, details }
    }
    return {
      status: 'pass',
      message: `${n} processes started together, ${count(CONCURRENT_ROUNDS, 'round')}: all succeeded, same result as one start`,
    }
  },
}
