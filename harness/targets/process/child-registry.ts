import { rmSync } from 'node:fs'

import { killAllMarkedSync } from './start-marker.ts'

/**
 * Every live child process group and every folder a prepared target made, so that nothing outlives the
 * harness: the groups are SIGKILLed and the folders removed when the harness exits or is interrupted.
 * Children run in process groups of their own (so a timeout can kill what they fork), which also means a
 * Ctrl-C in the terminal no longer reaches them: this registry is what stops them then.
 */
const liveGroups = new Set<number>()
const ownedDirs = new Set<string>()
const exitHooks = new Set<() => void>()
let exitInstalled = false
let signalsInstalled = false

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

/**
 * Call `hook` if the harness exits or is interrupted before `releaseExitHook(hook)`: for what lives
 * outside its process tree (containers). It must be synchronous and must not throw; it may start a
 * detached process to finish the work.
 */
export function registerExitHook(hook: () => void): void {
  install()
  exitHooks.add(hook)
}

/** Stop tracking an exit hook (its owner cleaned up). */
export function releaseExitHook(hook: () => void): void {
  exitHooks.delete(hook)
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
  killAllMarkedSync()
  for (const hook of exitHooks) hook()
  exitHooks.clear()
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
  // A listener replaces the default action. Step aside, then, when nobody else handles the signal,
  // raise it again so the harness still ends the way the signal asked. Stepping aside first matters:
  // signal-exit (loaded with testcontainers) also listens, and re-raises only once it is alone, so
  // each waiting for the other swallowed Ctrl-C and the run went on without its folders.
  process.removeListener('SIGINT', onSignal)
  process.removeListener('SIGTERM', onSignal)
  signalsInstalled = false
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

function install(): void {
  if (!exitInstalled) {
    exitInstalled = true
    process.on('exit', cleanUp)
  }
  // A host that handles the signal itself (and goes on) gets the listeners back for later children.
  if (signalsInstalled) return
  signalsInstalled = true
  // First in line, so that listeners after it see it gone (see onSignal).
  process.prependListener('SIGINT', onSignal)
  process.prependListener('SIGTERM', onSignal)
}
