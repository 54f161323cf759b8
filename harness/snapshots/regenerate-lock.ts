import { randomBytes } from 'node:crypto'
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'
import { InputError, errorMessage } from '../errors.ts'
import { processAlive, registerExitHook, releaseExitHook } from '../targets/process/child-registry.ts'
import { displayPath } from './display-path.ts'

/** The lock file a regeneration holds in the folder it writes (hidden: loadCatalogue skips it). */
export const REGENERATE_LOCK = '.regenerate.lock'

/** Tries before giving up on a lock that keeps changing hands (runs starting and ending meanwhile). */
const ATTEMPTS = 5

/**
 * Takes the regeneration lock of `root` (an existing folder), or throws InputError when another
 * regeneration holds it. Two runs on one folder (two terminals, two CI jobs on one checkout) would
 * otherwise interleave their renames: a run's swap fails half-way on the other's folder and leaves
 * hidden `.old` folders behind. The file, made with O_EXCL, holds `<pid> <host>`; a lock whose process
 * is gone on this host (a run killed outright) is taken over. It is removed on dispose, and on exit or
 * interruption (Ctrl-C) when the run does not get that far.
 */
export function lockSnapshotFolder(root: string): Disposable {
  const file = path.join(root, REGENERATE_LOCK)
  const mine = `${process.pid} ${hostname()}\n`
  for (let attempt = 1; ; attempt++) {
    if (create(file, mine)) break
    const holder = readHolder(file)
    if (holder === undefined) continue // released meanwhile
    if (attempt >= ATTEMPTS || !isStale(holder)) {
      throw new InputError(
        `${displayPath(root)}: another snapshots regenerate is running there (${displayPath(file)} holds ${holderText(holder)}); ` +
          'wait for it, or remove that file if no regenerate is running',
      )
    }
    takeOver(file, holder)
  }
  const release = () => {
    // Only our own: a lock that is no longer ours was taken over and belongs to its new holder.
    if (readHolder(file) === mine) rmSync(file, { force: true })
  }
  registerExitHook(release)
  return {
    [Symbol.dispose]() {
      releaseExitHook(release)
      release()
    },
  }
}

/** Makes `file` holding `text` if no file has that name; false if one has. */
function create(file: string, text: string): boolean {
  let fd
  try {
    fd = openSync(file, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw new InputError(`${displayPath(file)}: cannot make the regenerate lock (${errorMessage(error)})`, { cause: error })
  }
  try {
    writeSync(fd, text)
  } finally {
    closeSync(fd)
  }
  return true
}

/** The lock's text, or undefined when there is no lock. */
function readHolder(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

/**
 * A lock left by a process of this host that is gone. A lock of another host (a shared checkout, a
 * container) cannot be told stale from here, and an empty one may be a run writing its pid right now:
 * both are held.
 */
function isStale(holder: string): boolean {
  const [pid, host] = holder.trim().split(' ')
  const n = Number(pid)
  return Number.isInteger(n) && n > 0 && host === hostname() && !processAlive(n)
}

function holderText(holder: string): string {
  return holder.trim() === '' ? 'no pid yet' : `pid ${holder.trim().replace(' ', ' on ')}`
}

/**
 * Removes a stale lock without removing a fresh one: two runs that both found it stale could otherwise
 * each remove it, the second removing the lock the first had just made. The lock is renamed aside
 * (only one rename can take it) and removed only if it is still the stale one; a fresh lock renamed
 * aside by mistake is put back (a link, which fails rather than replace a lock made meanwhile).
 */
function takeOver(file: string, stale: string): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    renameSync(file, aside)
  } catch {
    return // taken over, or released, by someone else meanwhile
  }
  try {
    if (readHolder(aside) !== stale) linkSync(aside, file)
  } catch {
    // A lock was made meanwhile: the next attempt reads its holder.
  } finally {
    rmSync(aside, { force: true })
  }
}
