import { startMany } from './start-many.ts'
import type { StartOptions, Target, TargetRun } from './target.ts'

/** What a run of a start counts as: the run itself, another verdict, or a throw that stops the gate. */
export type RunJudge = (dbPath: string, options: StartOptions | undefined, run: TargetRun) => TargetRun

/**
 * `target`, with every run of its starts, one at a time or many together, passed through `judge`: how
 * the gate adds verdicts of its own to a target's (the harness's resources, a transaction left open)
 * without touching the target.
 *
 * @example judgeRuns(target, (dbPath, options, run) => (run.ok ? run : { ...run, error: `${run.error} on ${dbPath}` }))
 */
export function judgeRuns(target: Target, judge: RunJudge): Target {
  const judged = Object.create(target) as Target
  judged.start = async (dbPath, options) => judge(dbPath, options, await target.start(dbPath, options))
  judged.startMany = async (dbPath, count, options) =>
    (await startMany(target, dbPath, count, options)).map((run) => judge(dbPath, options, run))
  return judged
}
