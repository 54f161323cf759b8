import { mkdtemp, rm, unlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { registerDir, releaseDir } from '../harness/targets/process/child-registry.ts'

/** The prefix of the bench's temporary folders, so a leak is easy to spot. */
export const BENCH_TEMP_PREFIX = 'upgrade-harness-bench-'

/** A temporary folder removed on dispose, with the links in `links` unlinked first (never followed). */
export interface TempFolder extends AsyncDisposable {
  readonly path: string
}

/**
 * Makes a temporary folder. `links` names symlinks the caller will create inside it: they are unlinked
 * before the folder is removed, so removing it can never reach what they point at. The folder is also
 * removed when the bench is interrupted (Ctrl-C, SIGTERM) or exits first: the size group's holds a
 * 1 GiB database, and `await using` runs no disposer when a signal ends the process.
 */
export async function makeTempFolder(links: string[] = []): Promise<TempFolder> {
  const folder = await mkdtemp(path.join(os.tmpdir(), BENCH_TEMP_PREFIX))
  // The registry's removal (rmSync, recursive) unlinks a symbolic link rather than following it.
  registerDir(folder)
  return {
    path: folder,
    [Symbol.asyncDispose]: async () => {
      for (const link of links) await unlink(path.join(folder, link)).catch(() => {})
      await rm(folder, { recursive: true, force: true })
      releaseDir(folder)
    },
  }
}
