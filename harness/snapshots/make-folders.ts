import { rmdirSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { InputError, errorMessage } from '../errors.ts'
import { displayPath } from './display-path.ts'
import { nearestExisting } from './real-location.ts'

/**
 * Makes `folder` and any missing folders above it, one level at a time, as `mkdir -p` does. Not
 * `mkdir(folder, { recursive: true })`: on a file system that answers ENOENT under a folder that exists
 * (/proc, /sys), Node's recursive mkdir retries forever at full CPU instead of failing. Rejects with the
 * first level's error (ENOENT, ENOTDIR, EACCES, ...). Resolves to the first folder it made (the top of
 * what is new, as `mkdir`'s recursive form does), or undefined when `folder` was there.
 */
export async function makeFolders(folder: string): Promise<string | undefined> {
  const target = path.resolve(folder)
  const { path: existing } = nearestExisting(target)
  const missing = path.relative(existing, target).split(path.sep).filter(Boolean)
  let at = existing
  let first: string | undefined
  for (const name of missing) {
    at = path.join(at, name)
    // EEXIST: made meanwhile by someone else, which is as good (a file there fails the next level).
    const made = await mkdir(at).then(
      () => true,
      (error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        return false
      },
    )
    if (made) first ??= at
  }
  return first
}

/**
 * {@link makeFolders} for a folder the user named (`--dir`, `--out`, the config's snapshots): one that
 * cannot be made (no permission, a read-only file system, a file in the way) is bad input, not a bug.
 */
export async function makeFoldersOrRefuse(folder: string): Promise<string | undefined> {
  return makeFolders(folder).catch((error: unknown) => {
    throw new InputError(`${displayPath(folder)}: cannot make the folder (${errorMessage(error)})`, {
      cause: error,
    })
  })
}

/**
 * Undoes {@link makeFolders}: removes `deepest` and its parents up to `top` (the first folder makeFolders
 * made), stopping at the first that is not empty, so a folder that holds anything (someone else's
 * files, a run's lock) is kept. Synchronous, so an exit hook can call it; never throws.
 */
export function removeEmptyFolders(deepest: string, top: string): void {
  for (let folder = path.resolve(deepest); ; folder = path.dirname(folder)) {
    try {
      rmdirSync(folder)
    } catch {
      return
    }
    if (folder === path.resolve(top) || path.dirname(folder) === folder) return
  }
}
