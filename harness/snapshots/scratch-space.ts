import { statfsSync } from 'node:fs'
import os from 'node:os'

import { errorMessage, HarnessResourceError } from '../errors.ts'

/** The harness's temporary folder (`TMPDIR`) cannot hold its working copies: full, read-only, missing. */
export class ScratchSpaceError extends HarnessResourceError {}

/**
 * Below this much free space a failure in the temporary folder is put down to the folder. A start that
 * failed for want of room has rolled back (freeing its journal) by the time anyone looks, so the folder
 * is rarely at 0 bytes then; and an application that caps its own database (max_page_count) hits
 * SQLITE_FULL with plenty of room on a machine's disk, where it is the application's failure.
 */
export const LOW_SCRATCH_BYTES = 16 * 1024 * 1024

/** Error text that says a write found no room: SQLite's SQLITE_FULL, the system's ENOSPC or EDQUOT. */
const NO_ROOM = /SQLITE_FULL|disk is full|ENOSPC|no space left|EDQUOT|quota exceeded/i

/** The temporary folder every working copy goes in. */
export function scratchDir(): string {
  return os.tmpdir()
}

/** Free bytes for an unprivileged writer on the temporary folder's file system; undefined if unreadable. */
export function scratchFreeBytes(): number | undefined {
  try {
    const stats = statfsSync(scratchDir())
    return stats.bavail * stats.bsize
  } catch {
    return undefined
  }
}

/**
 * A ScratchSpaceError when the temporary folder is (nearly) full, saying that `what` failed there with
 * `problem`; otherwise undefined, and the failure is whoever's it was. `problem` must itself say a write
 * found no room unless `anyProblem` is set (for failures that a full disk causes in roundabout ways, such
 * as reading a database whose checkpoint could not finish).
 */
export function scratchFull(
  what: string,
  problem: unknown,
  anyProblem = false,
): ScratchSpaceError | undefined {
  const said = typeof problem === 'string' ? problem : systemMessage(problem)
  if (!anyProblem && !NO_ROOM.test(said)) return undefined
  const free = scratchFreeBytes()
  if (free === undefined || free >= LOW_SCRATCH_BYTES) return undefined
  return fullError(what, problem, `${Math.round(free / 1024)} KiB free`)
}

/** The temporary folder is full, `free` saying how full when known, and `what` failed there. */
function fullError(what: string, problem: unknown, free?: string): ScratchSpaceError {
  const said = typeof problem === 'string' ? problem : systemMessage(problem)
  return new ScratchSpaceError(
    `temporary folder ${scratchDir()} is full${free ? ` (${free})` : ''} and ${what} failed there: ` +
      `${said}; give it room, or point TMPDIR at a folder that has some`,
    { cause: problem },
  )
}

/** `error` (from making or filling a working copy) as a ScratchSpaceError naming the temporary folder. */
export function scratchUnusable(what: string, error: unknown): ScratchSpaceError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOSPC' || code === 'EDQUOT')
    // The system said there is no room, whatever statfs says (a quota, or space freed since).
    return scratchFull(what, error, true) ?? fullError(what, error)
  return new ScratchSpaceError(
    `temporary folder ${scratchDir()}: ${what} failed: ${systemMessage(error)}; it must be a writable ` +
      `folder (TMPDIR moves it)`,
    { cause: error },
  )
}

/**
 * A system error's code and description without the paths Node appends (`ENOSPC: no space left on
 * device`, not `..., copyfile 'a' -> 'b'`): the message names the folders already.
 */
function systemMessage(error: unknown): string {
  const message = errorMessage(error)
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code && message.startsWith(`${code}: `) ? message.split(', ')[0]! : message
}
