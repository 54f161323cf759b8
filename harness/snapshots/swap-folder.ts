import { randomBytes } from 'node:crypto'
import { rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'

/** A hidden sibling of `target` for staging or retiring (loadCatalogue skips hidden folders). */
export function siblingFolder(target: string, purpose: 'new' | 'old'): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${purpose}-${randomBytes(4).toString('hex')}`)
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
  if (exists) await rename(target, retired)
  try {
    await rename(staged, target)
  } catch (error) {
    if (exists) await rename(retired, target)
    throw error
  }
  if (exists) await rm(retired, { recursive: true, force: true })
}
