import os from 'node:os'
import { createWorkingCopy } from '../snapshots/working-copy.ts'
import { compareStates } from './compare-states.ts'
import { interruptionPoints } from './interruption-points.ts'
import { runPool } from './run-pool.ts'
import { count, summarize } from './summarize.ts'
import type { Check } from './types.ts'

/**
 * `interrupted`: kill the target at each statement boundary (better-sqlite3 module targets) or at spread
 * moments (others), start it again, and require the end state of an uninterrupted start.
 */
export const interruptedCheck: Check = {
  name: 'interrupted',
  async run({ config, snapshot, target, upgraded }) {
    const sameAsUninterrupted = (dbPath: string, actual: string) =>
      compareStates(
        config,
        upgraded,
        dbPath,
        { expected: 'uninterrupted', actual },
        { ignoreHistoryTimestamps: true },
      ).problems
    const plan = await interruptionPoints(
      target,
      () => createWorkingCopy(snapshot),
      () => createWorkingCopy(upgraded.dbPath),
      upgraded.run,
      (dbPath) => sameAsUninterrupted(dbPath, 'killed after its last statement').length === 0,
    )
    if ('error' in plan) return { status: 'fail', message: plan.error }
    const { points, total, unit } = plan
    if (points.length === 0)
      return { status: 'skip', message: 'skipped: the upgrade ran no statement to interrupt' }
    let landed = 0
    const broken = (
      await runPool(points, os.availableParallelism(), async (point) => {
        await using copy = await createWorkingCopy(snapshot)
        const killed = await target.start(copy.dbPath, point.options)
        if (!killed.ok) landed++
        // A start that completes although asked to die after statement k ran fewer statements than counted.
        if (killed.ok && unit === 'statement') {
          return `kill point after ${point.label} not reached: that start ran ${killed.statements ?? 'fewer'} statements`
        }
        const restart = await target.start(copy.dbPath)
        if (!restart.ok) return `killed after ${point.label}: the next start failed: ${restart.error}`
        const problems = sameAsUninterrupted(copy.dbPath, `killed after ${point.label}, restarted`)
        return problems.length > 0 ? `killed after ${point.label}: ${summarize(problems)}` : undefined
      })
    ).filter((p): p is string => p !== undefined)
    if (broken.length > 0) {
      return {
        status: 'fail',
        message: `${broken.length} of ${count(total, `kill point`)} broke the upgrade: ${summarize(broken)}`,
        details: { problems: broken },
      }
    }
    // A black box may finish before a kill moment comes: only the kills that landed prove anything.
    if (landed === 0) {
      return {
        status: 'skip',
        message: `skipped: the start finished before each of ${count(total, 'kill moment')}`,
      }
    }
    const which =
      unit === 'statement' ? `each of ${count(total, unit)}` : `${landed} of ${count(total, 'moment')}`
    return { status: 'pass', message: `killed after ${which} and restarted: same end state every time` }
  },
}
