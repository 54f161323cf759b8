import type { HistorySpec } from '../config/types.ts'
import { quoteIdent } from '../data/sql-text.ts'
import type { TargetRun } from '../targets/target.ts'
import { userVersionOf } from './history.ts'

/**
 * The query a start's child reads as its function returns (StartOptions.readOnReturn): one number that
 * grows as an upgrade records its migrations, the history table's rows or `user_version`.
 */
export function historyProgressQuery(spec: HistorySpec): string {
  return 'pragma' in spec ? 'PRAGMA user_version' : `SELECT count(*) FROM ${quoteIdent(spec.table)}`
}

/**
 * The first of `runs` that returned before the upgrade was done, as a problem line, or undefined: what
 * it read of the history as it returned (see historyProgressQuery) falls short of what the history held
 * once every start had ended (`history`, as readHistory gives it). Such a start found another at work
 * and returned as if the upgrade were done: its app would run on a database half upgraded, though every
 * start succeeded and the file ends up right. A history table not there yet counts as empty; a read that
 * failed otherwise (a lock held past the wait) is not judged, nor is a start whose child read nothing
 * (a target that does not load better-sqlite3, a command target).
 */
export function returnedEarly(
  runs: readonly TargetRun[],
  spec: HistorySpec,
  history: string[],
): string | undefined {
  const done = 'pragma' in spec ? userVersionOf(history) : history.length
  for (const [i, run] of runs.entries()) {
    const seen = readAtReturn(run)
    if (seen === undefined || seen >= done) continue
    const what =
      'pragma' in spec
        ? `user_version was ${seen}, ${done} once every process had ended`
        : `the history held ${seen} of the ${done} entries it held once every process had ended`
    return (
      `process ${i + 1} of ${runs.length} returned from the start-up before the upgrade was done (${what}): ` +
      'a start that finds another process upgrading must wait for it (busy_timeout), not return as if done'
    )
  }
  return undefined
}

/** The history's progress a run read as it returned, a table not there yet being none; else undefined. */
function readAtReturn(run: TargetRun): number | undefined {
  const read = run.onReturn
  if (read === undefined) return undefined
  if ('value' in read) return read.value
  return /^no such table/.test(read.error) ? 0 : undefined
}
