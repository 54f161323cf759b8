import { HarnessResourceError } from '../errors.ts'
import { scratchFull } from '../snapshots/scratch-space.ts'
import { judgeRuns } from '../targets/judge-runs.ts'
import type { Target } from '../targets/target.ts'

/** A start the system refused for want of file descriptors, processes or memory: `spawn node EMFILE`. */
const SPAWN_REFUSED = /\bspawn\b.*\b(EMFILE|ENFILE|EAGAIN|ENOMEM)\b/

/**
 * `target`, with every start that failed for the harness's own want of resources thrown as a
 * HarnessResourceError instead of returned as the target's failure: a start the system would not spawn
 * (out of file descriptors or processes), and a start that failed for want of room while the temporary
 * folder, where the working copies live, is (nearly) full (a ScratchSpaceError). Starts capped on
 * purpose (`maxPageCountGrowth`, the `disk-full` check) are meant to fail for want of room and pass
 * through as they are.
 *
 * @example
 * const target = guardResources(startInSlots(prepared, slots))
 */
export function guardResources(target: Target): Target {
  return judgeRuns(target, (dbPath, options, run) => {
    if (run.ok) return run
    const refused = SPAWN_REFUSED.exec(run.error ?? '')
    if (refused) {
      throw new HarnessResourceError(
        `the target's start on ${dbPath} could not be spawned (${run.error}): the system is out of ` +
          `${refused[1] === 'EAGAIN' ? 'processes' : refused[1] === 'ENOMEM' ? 'memory' : 'file descriptors'}` +
          " for the harness; raise the limit (ulimit -n, ulimit -u) or lower the config's concurrency",
      )
    }
    if (options?.maxPageCountGrowth !== undefined) return run
    const problem = scratchFull(`the target's start on ${dbPath}`, run.error ?? '')
    if (problem) throw problem
    return run
  })
}
