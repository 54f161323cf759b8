import { statSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Config, ReleaseSpec } from '../config/types.ts'
import { InputError, errorMessage } from '../errors.ts'
import { buildRelease, type PrepareTargetFn } from './build-release.ts'
import { compareSnapshots } from './compare-snapshots.ts'
import { displayPath } from './display-path.ts'
import type { Manifest } from './manifest.ts'
import { isWithin, nearestExisting, realLocation } from './real-location.ts'
import { removeStaging, stagingFolder, swapFolder } from './swap-folder.ts'
import { createTempFolder } from './working-copy.ts'

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
  /** Where it was written (absent with `check` or on failure). */
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
 * built in a staging folder and swapped in whole, so a failure never leaves a half-written snapshot.
 * With `check`, builds in a temporary folder and reports the logical differences from the committed
 * snapshots without writing anything there. A release that fails to build is data; bad input (options,
 * files the config names) throws InputError, before anything is built wherever it can be seen up front.
 */
export async function regenerateSnapshots(config: Config, options: RegenerateOptions = {}): Promise<RegenerateResult> {
  const scale = options.scale ?? 1
  if (!Number.isInteger(scale) || scale < 1) throw new InputError(`--scale must be a whole number >= 1, got ${scale}`)
  if (scale > 1 && options.outDir === undefined) {
    throw new InputError('--scale needs an output folder: scaled snapshots are never written to the committed folder')
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
      throw new InputError(`${options.outDir}: scaled snapshots are never written to the committed snapshot folder`)
    }
  }
  const releases = config.releases.filter((r) => options.only === undefined || options.only.includes(r.name))
  for (const name of options.only ?? []) {
    if (!config.releases.some((r) => r.name === name)) {
      const have = config.releases.map((r) => r.name).join(', ') || 'none'
      throw new InputError(`--release ${name}: no such release in ${displayPath(config.file)} (releases: ${have})`)
    }
  }
  for (const release of releases) checkReleaseFiles(config, release)
  if (!options.check) checkOutputFolder(root)
  const prepareTarget = options.prepareTarget ?? (await import('../targets/prepare-target.ts')).prepareTarget
  const build = { prepareTarget, scale, onProgress: options.onProgress ?? (() => {}) }
  const results: RegeneratedSnapshot[] = []
  for (const release of releases) {
    const target = path.join(root, release.name)
    if (options.check) {
      const scratch = await createTempFolder()
      try {
        const staged = path.join(scratch.path, release.name)
        const manifest = await buildRelease(config, release, staged, build)
        const differences = await compareSnapshots(config, path.join(config.snapshots, release.name), staged)
        build.onProgress(`${release.name}: ${differences.length === 0 ? 'same as committed' : `${differences.length} difference(s)`}`)
        results.push({ name: release.name, ok: differences.length === 0, manifest, differences })
      } catch (error) {
        if (error instanceof InputError) throw error
        results.push({ name: release.name, ok: false, differences: [], error: errorMessage(error) })
      } finally {
        await scratch[Symbol.asyncDispose]()
      }
      continue
    }
    await mkdir(root, { recursive: true })
    const staged = stagingFolder(target)
    try {
      const manifest = await buildRelease(config, release, staged, build)
      await swapFolder(staged, target)
      results.push({ name: release.name, ok: true, dir: target, manifest, differences: [] })
    } catch (error) {
      // Bad input (a target module that is not there, say) ends the run, as everywhere else.
      if (error instanceof InputError) throw error
      results.push({ name: release.name, ok: false, differences: [], error: errorMessage(error) })
    } finally {
      await removeStaging(staged)
    }
  }
  return { ok: results.every((r) => r.ok), snapshots: results }
}

/** Throws InputError, before anything is built, for a release whose fixtures or migrations are not there. */
function checkReleaseFiles(config: Config, release: ReleaseSpec): void {
  const where = `${displayPath(config.file)}: release ${release.name}`
  for (const fixture of release.fixtures ?? []) {
    const file = path.resolve(config.rootDir, fixture)
    if (!statSync(file, { throwIfNoEntry: false })?.isFile())
      throw new InputError(`${where}: fixture ${displayPath(file)} is not a file`)
  }
  if (release.migrations !== undefined && !statSync(release.migrations, { throwIfNoEntry: false })?.isDirectory())
    throw new InputError(`${where}: migrations ${displayPath(release.migrations)} is not a folder`)
}

/** Throws InputError, before anything is built, when `root` is, or would be made under, a non-folder. */
function checkOutputFolder(root: string): void {
  const existing = nearestExisting(root)
  if (!existing.stats.isDirectory()) {
    throw new InputError(`${displayPath(root)}: cannot hold snapshots (${displayPath(existing.path)} is not a folder)`)
  }
}
