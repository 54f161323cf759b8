import type { HistorySpec } from '../config/types.ts'
import { quoteIdent } from '../data/sql-text.ts'
import type { TargetRun } from '../targets/target.ts'
import { userVersionOf } from './history.ts'

/**
 * The query a start's child reads as its function returns (StartOptions.readOnReturn): the history's
 * entries, the names in the history table's column (not its row count: a history of one row that holds
 * the version, as golang-migrate's and Alembic's are, has one row before the upgrade and after), or
 * `user_version`.
 */
export function historyOnReturnQuery(spec: HistorySpec): string {
  return 'pragma' in spec
    ? 'PRAGMA user_version'
    : `SELECT ${quoteIdent(spec.column)} FROM ${quoteIdent(spec.table)}`
}

/**
 * The first of `runs` that returned before the upgrade was done, as a problem line, or undefined: what
 * it read of the history as it returned (see historyOnReturnQuery) lacks an entry that the history held
 * once every start had ended (`history`, as readHistory gives it), or its `user_version` was lower. Such
 * a start found another at work and returned as if the upgrade were done: its app would run on a
 * database half upgraded, though every start succeeded and the file ends up right. A history table or
 * column not there yet counts as empty (once a start returned, the upgrade is done: a later start adds
 * nothing); a read that failed otherwise (a lock held past the wait) is not judged, nor is a start whose
 * child read nothing (a target that does not load better-sqlite3, a command target).
 */
export function returnedEarly(
  runs: readonly TargetRun[],
  spec: HistorySpec,
  history: string[],
): string | undefined {
  for (const [i, run] of runs.entries()) {
    const seen = readAtReturn(run)
    if (seen === undefined) continue
    const what = 'pragma' in spec ? userVersionShort(seen, history) : entriesMissing(seen, history)
    if (what === undefined) continue
    return (
      `process ${i + 1} of ${runs.length} returned from the start-up before the upgrade was done (${what}): ` +
      'a start that finds another process upgrading must wait for it (busy_timeout), not return as if done'
    )
  }
  return undefined
}

function userVersionShort(seen: string[], history: string[]): string | undefined {
  const was = Number(seen[0] ?? 0)
  const done = userVersionOf(history)
  return was < done ? `user_version was ${was}, ${done} once every process had ended` : undefined
}

function entriesMissing(seen: string[], history: string[]): string | undefined {
  const held = new Set(seen)
  const missing = history.filter((name) => !held.has(name))
  if (missing.length === 0) return undefined
  return (
    `the history held ${history.length - missing.length} of the ${history.length} entries it held once ` +
    `every process had ended, not ${missing.join(', ')}`
  )
}

/** The history a run read as it returned, a table or column not there yet being none; else undefined. */
function readAtReturn(run: TargetRun): string[] | undefined {
  const read = run.onReturn
  if (read === undefined) return undefined
  if ('values' in read) return read.values
  return /^no such (table|column)/.test(read.error) ? [] : undefined
}
