import { createHash, randomBytes } from 'node:crypto'
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
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
 * hidden `.old` folders behind. The file, made with O_EXCL, holds `<pid> <host> <nonce>` (the nonce
 * makes each lock's text its own, even when a pid is reused); a lock whose process is gone on this
 * host (a run killed outright) is taken over (see removeStale). It is removed on dispose, and on exit or
 * interruption (Ctrl-C) when the run does not get that far.
 */
export function lockSnapshotFolder(root: string): Disposable {
  const file = path.join(root, REGENERATE_LOCK)
  const mine = holderLine()
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
    removeStale(file, holder)
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

/**
 * Throws InputError when a regeneration holds `root`'s lock: for `snapshots regenerate --check`, which
 * reads the committed folder that such a run swaps (a folder read mid-rename is missing or half old,
 * half new: an error or a false difference). It only tests the lock, never takes it, so two checks run
 * side by side. A lock the regeneration's process left behind on this host (stale) does not count.
 */
export function refuseWhileRegenerating(root: string): void {
  const file = path.join(root, REGENERATE_LOCK)
  const holder = readHolder(file)
  if (holder === undefined || isStale(holder)) return
  throw new InputError(
    `${displayPath(root)}: a snapshots regenerate is writing there (${displayPath(file)} holds ${holderText(holder)}); ` +
      'run --check once it is done, or remove that file if no regenerate is running',
  )
}

/** A lock's (or a claim's) text: this process, this host, and a nonce no other lock's text shares. */
function holderLine(): string {
  return `${process.pid} ${hostname()} ${randomBytes(6).toString('hex')}\n`
}

/** Makes `file` holding `text` if no file has that name; false if one has. */
function create(file: string, text: string): boolean {
  let fd
  try {
    fd = openSync(file, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw new InputError(`${displayPath(file)}: cannot make the regenerate lock (${errorMessage(error)})`, {
      cause: error,
    })
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

/** `pid <pid> on <host>`: the nonce means nothing to a reader. */
function holderText(holder: string): string {
  const [pid, host] = holder.trim().split(' ')
  if (!pid) return 'no pid yet'
  return host === undefined ? `pid ${pid}` : `pid ${pid} on ${host}`
}

/**
 * Removes the stale lock holding `stale`, and never a lock made since. Removing the file by its name
 * (or renaming it aside to look at it) is not enough: two runs that both read the stale lock could
 * each remove "it", the second removing the lock the first had just made, and both would hold the
 * folder. So a run first claims the stale lock itself, by making (O_EXCL) a claim file named after
 * its text: only one run can, and only that run removes the lock, and only while it still holds that
 * text. A lock's text is never made twice (its nonce), and while the claim is held no other run can
 * remove the stale lock, so nothing can replace it between the reading and the removing. Runs that
 * lose the claim simply try again: they find the lock gone (and race to make it, O_EXCL) or fresh.
 *
 * A claim is itself a lock (`<pid> <host> <nonce>`): one whose process is gone (a run killed inside
 * this window) would otherwise refuse every later run, so it is taken over the same way, one level
 * down (a claim on the claim). Removing it by its name alone would reopen the race one level down:
 * two runs that both read the dead claim could each remove "it", the second removing the claim the
 * first had just made, and both would then remove the lock. A live claim is never removed (its
 * process is there), so its holder is the only run that acts on the lock.
 */
function removeStale(file: string, stale: string): void {
  const claim = `${file}.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`
  if (!create(claim, holderLine())) {
    // Another run is taking it over, or one that was is gone: then its claim goes, and we try again.
    const holder = readHolder(claim)
    if (holder !== undefined && isStale(holder)) removeStale(claim, holder)
    return
  }
  try {
    if (readHolder(file) === stale) rmSync(file, { force: true })
  } finally {
    rmSync(claim, { force: true })
  }
}
