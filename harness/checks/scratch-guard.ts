import { scratchFull } from '../snapshots/scratch-space.ts'
import { startMany } from '../targets/start-many.ts'
import type { StartOptions, Target, TargetRun } from '../targets/target.ts'

/**
 * `target`, with every start that failed for want of room while the temporary folder is (nearly) full
 * thrown as a ScratchSpaceError: the working copies live there, so the target's SQLITE_FULL is the
 * harness's trouble, not a failure of the target's `starts` (or `idempotent`, or a fresh build). Starts
 * capped on purpose (`maxPageCountGrowth`, the `disk-full` check) are meant to fail that way and pass
 * through as they are.
 *
 * @example
 * const target = guardScratch(startInSlots(prepared, slots))
 */
export function guardScratch(target: Target): Target {
  const guarded = Object.create(target) as Target
  const judge = (dbPath: string, options: StartOptions | undefined, run: TargetRun): TargetRun => {
    if (run.ok || options?.maxPageCountGrowth !== undefined) return run
    const problem = scratchFull(`the target's start on ${dbPath}`, run.error ?? '')
    if (problem) throw problem
    return run
  }
  guarded.start = async (dbPath, options) => judge(dbPath, options, await target.start(dbPath, options))
  guarded.startMany = async (dbPath, count, options) =>
    (await startMany(target, dbPath, count, options)).map((run) => judge(dbPath, options, run))
  return guarded
}
