import { readdirSync, readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { threadId } from 'node:worker_threads'

/**
 * The environment variable every start's processes inherit. Killing a start's process group does not
 * reach a daemon it forked that left the group (`setsid()`, a double fork): that one is found by this
 * mark in its environment instead (Linux: `/proc/<pid>/environ`; elsewhere there is nothing to read and
 * no sweep). A process that clears its environment cannot be found this way.
 */
export const START_MARKER_VAR = 'UPGRADE_HARNESS_START'

/** A killed process can fork once more before it dies: sweep again until a round finds nobody. */
const MAX_SWEEP_ROUNDS = 5

let starts = 0

/**
 * What every mark of this harness begins with. Worker threads share the process's pid but each counts its
 * starts from 1 (vitest's `pool: 'threads'`, a host running gates in workers): without the thread's id, one
 * thread's sweep, or its exit, killed another thread's starts as its own.
 */
const HARNESS_PREFIX = `${process.pid}.${threadId}.`

/** A value of {@link START_MARKER_VAR} unique to one start of this harness: `<pid>.<thread id>.<n>`. */
export function newStartMarker(): string {
  starts++
  return `${HARNESS_PREFIX}${starts}`
}

/** SIGKILL every process of this user whose environment carries `marker`; resolves once none is left. */
export async function killMarked(marker: string): Promise<void> {
  const entry = `${START_MARKER_VAR}=${marker}`
  for (let round = 0; round < MAX_SWEEP_ROUNDS; round++) {
    let pids: string[]
    try {
      pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name))
    } catch {
      return
    }
    const environs = await Promise.all(
      pids.map((pid) => readFile(`/proc/${pid}/environ`).catch(() => undefined)),
    )
    const marked = pids.filter((_, i) => carries(environs[i], (value) => value === entry))
    if (marked.length === 0) return
    for (const pid of marked) kill(Number(pid))
  }
}

/** Synchronous, for the harness's exit: SIGKILL every marked process of any start of this harness (thread). */
export function killAllMarkedSync(): void {
  if (starts === 0) return
  const prefix = `${START_MARKER_VAR}=${HARNESS_PREFIX}`
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name))
  } catch {
    return
  }
  for (const pid of pids) {
    let environ: Buffer | undefined
    try {
      environ = readFileSync(`/proc/${pid}/environ`)
    } catch {
      continue
    }
    if (carries(environ, (value) => value.startsWith(prefix))) kill(Number(pid))
  }
}

function carries(environ: Buffer | undefined, matches: (entry: string) => boolean): boolean {
  if (!environ?.includes(START_MARKER_VAR)) return false
  return environ.toString('latin1').split('\0').some(matches)
}

function kill(pid: number): void {
  if (pid === process.pid) return
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // Gone already (ESRCH), or not ours to kill (EPERM).
  }
}
