import { rmSync } from 'node:fs'

/**
 * Every live child process group and every folder a prepared target made, so that nothing outlives the
 * harness: the groups are SIGKILLed and the folders removed when the harness exits or is interrupted.
 * Children run in process groups of their own (so a timeout can kill what they fork), which also means a
 * Ctrl-C in the terminal no longer reaches them: this registry is what stops them then.
 */
const liveGroups = new Set<number>()
const ownedDirs = new Set<string>()
let installed = false

/** SIGKILL a process group, ignoring a group that is already gone. */
export function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // ESRCH: every process of the group has already exited.
  }
}

/** Track a child's process group until `release` is called. */
export function registerGroup(pid: number): void {
  install()
  liveGroups.add(pid)
}

/** Stop tracking a process group (its leader has exited and the group was killed). */
export function releaseGroup(pid: number): void {
  liveGroups.delete(pid)
}

/** Remove `dir` (recursively) if the harness exits before `releaseDir` is called. */
export function registerDir(dir: string): void {
  install()
  ownedDirs.add(dir)
}

/** Stop tracking a folder (its owner removed it). */
export function releaseDir(dir: string): void {
  ownedDirs.delete(dir)
}

/** Whether a process exists (EPERM: it does, but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** How many process groups are live: lets tests prove that nothing was left running. */
export function liveGroupCount(): number {
  return liveGroups.size
}

function cleanUp(): void {
  for (const pid of liveGroups) killGroup(pid)
  liveGroups.clear()
  for (const dir of ownedDirs) {
    try {
      rmSync(dir, { recursive: true, force: true })
    } catch {
      // Exiting anyway: one folder that cannot be removed must not stop the others, or the exit.
    }
  }
  ownedDirs.clear()
}

function onSignal(signal: NodeJS.Signals): void {
  cleanUp()
  // A listener replaces the default action; when nobody else handles the signal, restore the default
  // and raise it again so the harness still ends the way the signal asked.
  if (process.listenerCount(signal) === 1) {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
    process.kill(process.pid, signal)
  }
}

function install(): void {
  if (installed) return
  installed = true
  process.on('exit', cleanUp)
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}
