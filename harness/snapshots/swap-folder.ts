import { randomBytes } from 'node:crypto'
import { lstatSync, renameSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { registerDir, releaseDir } from '../targets/process/child-registry.ts'

/** A hidden sibling of `target` for staging or retiring (loadCatalogue skips hidden folders). */
export function siblingFolder(target: string, purpose: 'new' | 'old'): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${purpose}-${randomBytes(4).toString('hex')}`,
  )
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

/** A finished staging folder and the folder it replaces. */
export interface StagedFolder {
  staged: string
  target: string
}

/**
 * Replaces each `target` by its finished `staged` folder (a sibling, so renames stay on one file
 * system), all of them or none: every old folder is renamed aside and the new one renamed in, and when
 * one rename fails those already done are undone. The renames are synchronous, so an interruption
 * (Ctrl-C) is handled before or after them all, never between two: no snapshot folder is ever missing
 * or half-written, and a regeneration never leaves some snapshots new and others old. The old folders
 * are removed afterwards.
 */
export async function swapFolders(folders: readonly StagedFolder[]): Promise<void> {
  const done: { staged: string; target: string; retired: string | undefined }[] = []
  try {
    for (const { staged, target } of folders) {
      const retired = lstatSync(target, { throwIfNoEntry: false }) ? siblingFolder(target, 'old') : undefined
      if (retired) renameSync(target, retired)
      try {
        renameSync(staged, target)
      } catch (error) {
        if (retired) renameSync(retired, target)
        throw error
      }
      done.push({ staged, target, retired })
    }
  } catch (error) {
    for (const { staged, target, retired } of done.reverse()) {
      renameSync(target, staged)
      if (retired) renameSync(retired, target)
    }
    throw error
  }
  const retired = done.flatMap((d) => (d.retired ? [d.retired] : []))
  for (const folder of retired) registerDir(folder)
  for (const folder of retired) {
    await rm(folder, { recursive: true, force: true })
    releaseDir(folder)
  }
}
