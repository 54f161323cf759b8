import { lstatSync } from 'node:fs'
import path from 'node:path'
import type { Config, ReleaseSpec } from '../config/types.ts'
import { InputError, errorMessage } from '../errors.ts'
import { buildRelease, type BuildReleaseOptions } from './build-release.ts'
import { compareSnapshots } from './compare-snapshots.ts'
import { displayPath } from './display-path.ts'
import { refuseWhileRegenerating } from './regenerate-lock.ts'
import type { RegeneratedSnapshot } from './regenerate-snapshots.ts'
import { createTempFolder } from './working-copy.ts'

/**
 * `snapshots regenerate --check`: builds each release in a temporary folder and compares it with the
 * committed snapshot. A regeneration writing into the committed folder meanwhile makes the comparison
 * meaningless (it may read a snapshot mid-swap): that is refused (InputError) rather than reported as
 * an error or a difference, whether the regeneration holds its lock before or after a comparison, or
 * came and went during one (the committed snapshot folder is then another folder).
 */
export async function checkReleases(
  config: Config,
  releases: ReleaseSpec[],
  build: BuildReleaseOptions,
): Promise<RegeneratedSnapshot[]> {
  refuseWhileRegenerating(config.snapshots)
  const results: RegeneratedSnapshot[] = []
  for (const release of releases) {
    const scratch = await createTempFolder()
    try {
      const staged = path.join(scratch.path, release.name)
      const manifest = await buildRelease(config, release, staged, build)
      const differences = await compareUndisturbed(config, path.join(config.snapshots, release.name), staged)
      build.onProgress(
        `${release.name}: ${differences.length === 0 ? 'same as committed' : `${differences.length} difference(s)`}`,
      )
      results.push({ name: release.name, ok: differences.length === 0, manifest, differences })
    } catch (error) {
      if (error instanceof InputError) throw error
      results.push({ name: release.name, ok: false, differences: [], error: errorMessage(error) })
    } finally {
      await scratch[Symbol.asyncDispose]()
    }
  }
  return results
}

/** compareSnapshots, refused (InputError) when a regeneration was writing the committed folder meanwhile. */
async function compareUndisturbed(config: Config, committed: string, staged: string): Promise<string[]> {
  refuseWhileRegenerating(config.snapshots)
  const before = folderIdentity(committed)
  let outcome: { differences: string[] } | { error: unknown }
  try {
    outcome = { differences: await compareSnapshots(config, committed, staged) }
  } catch (error) {
    outcome = { error }
  }
  // Checked before the outcome is believed: a folder read mid-swap fails or differs for that reason alone.
  refuseWhileRegenerating(config.snapshots)
  if (folderIdentity(committed) !== before) {
    throw new InputError(
      `${displayPath(committed)}: replaced (by a snapshots regenerate?) while --check compared it; run --check again`,
    )
  }
  if ('error' in outcome) throw outcome.error
  return outcome.differences
}

/** Which folder is at `dir` (a swap renames another one in), or undefined when there is none. */
function folderIdentity(dir: string): string | undefined {
  const stats = lstatSync(dir, { throwIfNoEntry: false, bigint: true })
  return stats === undefined ? undefined : `${stats.dev}:${stats.ino}`
}
