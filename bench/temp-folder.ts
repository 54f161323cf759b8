import { mkdtemp, rm, unlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

/** The prefix of the bench's temporary folders, so a leak is easy to spot. */
export const BENCH_TEMP_PREFIX = 'upgrade-harness-bench-'

/** A temporary folder removed on dispose, with the links in `links` unlinked first (never followed). */
export interface TempFolder extends AsyncDisposable {
  readonly path: string
}

/**
 * Makes a temporary folder. `links` names symlinks the caller will create inside it: they are unlinked
 * before the folder is removed, so removing it can never reach what they point at.
 */
export async function makeTempFolder(links: string[] = []): Promise<TempFolder> {
  const folder = await mkdtemp(path.join(os.tmpdir(), BENCH_TEMP_PREFIX))
  return {
    path: folder,
    [Symbol.asyncDispose]: async () => {
      for (const link of links) await unlink(path.join(folder, link)).catch(() => {})
      await rm(folder, { recursive: true, force: true })
    },
  }
}
