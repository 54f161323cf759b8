import { randomBytes } from 'node:crypto'
import { rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { registerDir, releaseDir } from '../targets/process/child-registry.ts'

/** A hidden sibling of `target` for staging or retiring (loadCatalogue skips hidden folders). */
export function siblingFolder(target: string, purpose: 'new' | 'old'): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${purpose}-${randomBytes(4).toString('hex')}`)
}

/**
 * A staging folder for `target` ({@link siblingFolder}) that is removed if the harness exits or is
 * interrupted before it is swapped in. Call {@link removeStaging} once done with it, swapped in or not.
 */
export function stagingFolder(target: string): string {
  const staged = siblingFolder(target, 'new')
  registerDir(staged)
  return staged
}

/** Removes a {@link stagingFolder} that is still there (nothing, once it has been swapped or renamed in). */
export async function removeStaging(staged: string): Promise<void> {
  // Under a path that is not a folder there is nothing to remove: that is not the error to report.
  await rm(staged, { recursive: true, force: true }).catch(() => {})
  releaseDir(staged)
}

/**
 * Replaces the folder `target` by the finished folder `staged` (a sibling, so renames stay on one
 * file system): the old folder is renamed aside, the new one renamed in, then the old one removed.
 * At no moment does `target` hold a half-written snapshot.
 */
export async function swapFolder(staged: string, target: string): Promise<void> {
  const exists = await stat(target).then(
    () => true,
    () => false,
  )
  const retired = siblingFolder(target, 'old')
  if (exists) {
    // An interruption from here on leaves both folders as they are: once the old one is aside, the
    // staged one may be the only snapshot left under its name, no longer a scratch folder to remove.
    releaseDir(staged)
    await rename(target, retired)
  }
  try {
    await rename(staged, target)
  } catch (error) {
    if (exists) await rename(retired, target)
    throw error
  }
  if (!exists) return
  registerDir(retired)
  await rm(retired, { recursive: true, force: true })
  releaseDir(retired)
}
