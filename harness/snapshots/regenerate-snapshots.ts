import { rmSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Config, ReleaseSpec } from '../config/types.ts'
import { InputError, errorMessage } from '../errors.ts'
import { registerExitHook, releaseExitHook } from '../targets/process/child-registry.ts'
import { buildRelease, type BuildReleaseOptions, type PrepareTargetFn } from './build-release.ts'
import { checkReleases } from './check-releases.ts'
import { makeFoldersOrRefuse, removeEmptyFolders } from './make-folders.ts'
import { displayPath } from './display-path.ts'
import type { Manifest } from './manifest.ts'
import { isWithin, nearestExisting, realLocation } from './real-location.ts'
import { lockSnapshotFolder } from './regenerate-lock.ts'
import { removeStaging, type StagedFolder, stagingFolder, swapFolders } from './swap-folder.ts'

/** Options of {@link regenerateSnapshots}. */
export interface RegenerateOptions {
  /** Build in a temporary folder only and compare with the committed snapshots. Default: false. */
  check?: boolean
  /** Write the snapshots here instead of `config.snapshots`. Required with `scale`. Default: config.snapshots. */
  outDir?: string
  /** Only these releases (by name). Default: every release of the config. */
  only?: string[]
  /** Multiply the main tables' rows by this after the fixtures (issue: budgets on real volume). Default: 1. */
  scale?: number
  /** Prepares each release's target. Default: the harness's real `prepareTarget` (a child process). */
  prepareTarget?: PrepareTargetFn
  /** Called with one line per step. Default: silent. */
  onProgress?: (line: string) => void
}

/** What happened to one release. */
export interface RegeneratedSnapshot {
  name: string
  /** Built (and, with `check`, the same as the committed one). */
  ok: boolean
  /** Where it was written (absent with `check`, and for every release when any one failed: then none is written). */
  dir?: string
  manifest?: Manifest
  /** With `check`: the logical differences from the committed snapshot, one line each. */
  differences: string[]
  /** Why it could not be built. */
  error?: string
}

/** The outcome of a regeneration: `ok` when every release was built (and matched, with `check`). */
export interface RegenerateResult {
  ok: boolean
  snapshots: RegeneratedSnapshot[]
}

/**
 * Rebuilds the snapshot of every release in the config from its real initDb and fixtures. Each is
 * built in a staging folder; they are swapped in together once all are built, so a failure (or an
 * interruption) leaves every snapshot as it was, never some rewritten and others not.
 * With `check`, builds in a temporary folder and reports the logical differences from the committed
 * snapshots without writing anything there, refused (InputError) while a regeneration writes there. A
 * release that fails to build is data; bad input (options, files the config names) throws InputError,
 * before anything is built wherever it can be seen up front, as does another regeneration already
 * writing into the same folder (see lockSnapshotFolder).
 */
export async function regenerateSnapshots(
  config: Config,
  options: RegenerateOptions = {},
): Promise<RegenerateResult> {
  const scale = options.scale ?? 1
  if (!Number.isInteger(scale) || scale < 1)
    throw new InputError(`--scale must be a whole number >= 1, got ${scale}`)
  if (scale > 1 && options.outDir === undefined) {
    throw new InputError(
      '--scale needs an output folder: scaled snapshots are never written to the committed folder',
    )
  }
  const root = path.resolve(options.outDir ?? config.snapshots)
  if (options.outDir !== undefined && isWithin(root, config.snapshots)) {
    // Links resolved: a link to the committed folder is the committed folder.
    if (realLocation(root) !== realLocation(config.snapshots)) {
      throw new InputError(
        `${options.outDir}: inside the committed snapshot folder ${displayPath(config.snapshots)}; give a folder outside it`,
      )
    }
    if (scale > 1) {
      throw new InputError(
        `${options.outDir}: scaled snapshots are never written to the committed snapshot folder`,
      )
    }
  }
  const releases = config.releases.filter((r) => options.only === undefined || options.only.includes(r.name))
  for (const name of options.only ?? []) {
    if (!config.releases.some((r) => r.name === name)) {
      const have = config.releases.map((r) => r.name).join(', ') || 'none'
      throw new InputError(
        `--release ${name}: no such release in ${displayPath(config.file)} (releases: ${have})`,
      )
    }
  }
  for (const release of releases) checkReleaseFiles(config, release)
  if (!options.check) checkOutputFolder(root)
  const prepareTarget = options.prepareTarget ?? (await import('../targets/prepare-target.ts')).prepareTarget
  const build = { prepareTarget, scale, onProgress: options.onProgress ?? (() => {}) }
  const snapshots = options.check
    ? await checkReleases(config, releases, build)
    : await rebuildReleases(config, releases, root, build)
  return { ok: snapshots.every((r) => r.ok), snapshots }
}

/**
 * Builds every release in a staging folder beside its snapshot, then swaps them all in at once, and
 * only if every one was built: a release that fails leaves every snapshot under `root` as it was.
 * Holds `root`'s regeneration lock throughout: a second run on the same folder is refused (InputError).
 * A run that writes nothing (a release failed, bad input, Ctrl-C) also removes the folders it made for
 * `root`, as a failed capture does; never one that was there before, nor one that holds anything.
 */
async function rebuildReleases(
  config: Config,
  releases: ReleaseSpec[],
  root: string,
  build: BuildReleaseOptions,
): Promise<RegeneratedSnapshot[]> {
  const made = await makeFoldersOrRefuse(root)
  let results: RegeneratedSnapshot[] | undefined
  try {
    results = await buildAndSwap(config, releases, root, made, build)
    return results
  } finally {
    // After buildAndSwap: its staging folders and its lock are gone by now, so `root` is empty again.
    if (made !== undefined && !results?.every((r) => r.ok)) removeEmptyFolders(root, made)
  }
}

/** {@link rebuildReleases} under the lock; `made` is the first folder made for `root`, if any. */
async function buildAndSwap(
  config: Config,
  releases: ReleaseSpec[],
  root: string,
  made: string | undefined,
  build: BuildReleaseOptions,
): Promise<RegeneratedSnapshot[]> {
  // Held until the staging folders are gone: another run on this folder is refused, not interleaved.
  using _lock = lockSnapshotFolder(root)
  const results: RegeneratedSnapshot[] = []
  const staging: StagedFolder[] = []
  using _interrupted = removeMadeOnExit(root, made, staging)
  try {
    for (const release of releases) {
      const target = path.join(root, release.name)
      const staged = stagingFolder(target)
      staging.push({ staged, target })
      try {
        const manifest = await buildRelease(config, release, staged, build)
        results.push({ name: release.name, ok: true, manifest, differences: [] })
      } catch (error) {
        // Bad input (a target module that is not there, say) ends the run, as everywhere else.
        if (error instanceof InputError) throw error
        results.push({ name: release.name, ok: false, differences: [], error: errorMessage(error) })
      }
    }
    if (results.every((r) => r.ok)) {
      await swapFolders(staging)
      for (const [i, result] of results.entries()) result.dir = staging[i]!.target
    }
  } finally {
    await Promise.all(staging.map(({ staged }) => removeStaging(staged)))
  }
  return results
}

/**
 * On exit or interruption (Ctrl-C) before dispose, removes the folders made for `root` if they are
 * empty. Registered after the lock, so its hook has removed the lock by then; the registry removes
 * staging folders only after every exit hook, so this one removes them first itself.
 */
function removeMadeOnExit(
  root: string,
  made: string | undefined,
  staging: readonly StagedFolder[],
): Disposable {
  const hook = (): void => {
    if (made === undefined) return
    for (const { staged } of staging) rmSync(staged, { recursive: true, force: true })
    removeEmptyFolders(root, made)
  }
  registerExitHook(hook)
  return { [Symbol.dispose]: () => releaseExitHook(hook) }
}

/** Throws InputError, before anything is built, for a release whose fixtures or migrations are not there. */
function checkReleaseFiles(config: Config, release: ReleaseSpec): void {
  const where = `${displayPath(config.file)}: release ${release.name}`
  for (const fixture of release.fixtures ?? []) {
    const file = path.resolve(config.rootDir, fixture)
    if (!statSync(file, { throwIfNoEntry: false })?.isFile())
      throw new InputError(`${where}: fixture ${displayPath(file)} is not a file`)
  }
  if (
    release.migrations !== undefined &&
    !statSync(release.migrations, { throwIfNoEntry: false })?.isDirectory()
  )
    throw new InputError(`${where}: migrations ${displayPath(release.migrations)} is not a folder`)
}

/** Throws InputError, before anything is built, when `root` is, or would be made under, a non-folder. */
function checkOutputFolder(root: string): void {
  let existing
  try {
    existing = nearestExisting(root)
  } catch (error) {
    // A name too long, a folder that may not be looked into: where nothing can be made either.
    throw new InputError(`${displayPath(root)}: cannot hold snapshots (${errorMessage(error)})`, {
      cause: error,
    })
  }
  if (!existing.stats.isDirectory()) {
    throw new InputError(
      `${displayPath(root)}: cannot hold snapshots (${displayPath(existing.path)} is not a folder)`,
    )
  }
}
