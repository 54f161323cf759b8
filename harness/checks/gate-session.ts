import os from 'node:os'
import path from 'node:path'
import type { Config } from '../config/types.ts'
import { errorMessage, InputError } from '../errors.ts'
import { inspectDatabase } from '../inspect/inspect-database.ts'
import { loadCatalogue } from '../snapshots/load-catalogue.ts'
import type { Snapshot } from '../snapshots/snapshot.ts'
import { verifySnapshot } from '../snapshots/verify-snapshot.ts'
import { createEmptyWorkingCopy, createWorkingCopy, type WorkingCopy } from '../snapshots/working-copy.ts'
import { prepareTarget } from '../targets/prepare-target.ts'
import type { Target, TargetSpec } from '../targets/target.ts'
import { type CheckName, isCheckName } from './check-names.ts'
import { readHistory } from './read-history.ts'
import { CHECKS } from './registry.ts'
import type { CheckResult, FreshDatabase } from './types.ts'

/** Options of a gate run. */
export interface GateOptions {
  /** Only these snapshots, by name. Default: every snapshot in the catalogue. */
  snapshots?: string[]
  /** Only these checks. Default: every check (those in the config's `checks.skip` are reported as skipped). */
  checks?: string[]
  /** Start this target instead of the config's. Default: the config's. */
  target?: TargetSpec
  /** Snapshots checked at once. Default: the number of cores. */
  parallel?: number
  /** Called with each result as soon as it is known (progress for long runs). */
  onResult?: (result: CheckResult) => void
}

/**
 * One gate run: the target prepared once, the snapshots verified, the fresh database built once; then
 * any number of snapshots checked, in any order, in parallel. Dispose it to remove everything it made.
 *
 * @example
 * await using session = await GateSession.open(config)
 * const results = await session.runSnapshot(session.snapshots[0])
 */
export class GateSession implements AsyncDisposable {
  private constructor(
    readonly config: Config,
    readonly target: Target,
    readonly snapshots: Snapshot[],
    readonly checks: CheckName[],
    readonly fresh: FreshDatabase,
    private readonly freshCopy: WorkingCopy,
    private readonly onResult: ((result: CheckResult) => void) | undefined,
  ) {}

  /** Prepares everything a run shares. Throws InputError for unusable input (exit status 2). */
  static async open(config: Config, options: GateOptions = {}): Promise<GateSession> {
    const checks = selectChecks(options.checks)
    const snapshots = selectSnapshots(await loadCatalogue(config.snapshots), options.snapshots, config)
    for (const snapshot of snapshots) await verifySnapshot(snapshot)
    const target = await prepareTarget(options.target ?? config.target, {
      rootDir: options.target ? process.cwd() : config.rootDir,
      timeoutMs: config.timeoutMs,
    })
    try {
      const freshCopy = await createEmptyWorkingCopy()
      const run = await target.start(freshCopy.dbPath)
      const fresh: FreshDatabase = {
        dbPath: freshCopy.dbPath,
        run,
        model: run.ok ? inspectDatabase(freshCopy.dbPath) : undefined,
        history: run.ok ? readHistory(freshCopy.dbPath, config.history) : undefined,
      }
      return new GateSession(config, target, snapshots, checks, fresh, freshCopy, options.onResult)
    } catch (error) {
      await target[Symbol.asyncDispose]()
      throw error
    }
  }

  /** Runs the selected checks on one snapshot, on a working copy of its own. */
  async runSnapshot(snapshot: Snapshot): Promise<CheckResult[]> {
    await using original = await createWorkingCopy(snapshot)
    await using copy = await createWorkingCopy(snapshot)
    const run = await this.target.start(copy.dbPath)
    const context = {
      config: this.config,
      snapshot,
      original: { dbPath: original.dbPath },
      target: this.target,
      fresh: this.fresh,
      upgraded: { dbPath: copy.dbPath, run },
    }
    const results: CheckResult[] = []
    for (const check of CHECKS) {
      if (!this.checks.includes(check.name)) continue
      const started = performance.now()
      const base = { snapshot: snapshot.name, check: check.name }
      let result: CheckResult
      if (this.config.checks.skip.includes(check.name)) {
        result = { ...base, status: 'skip', message: 'skipped: listed in checks.skip', ms: 0 }
      } else if (!run.ok && check.name !== 'starts' && check.needsStart !== false) {
        result = {
          ...base,
          status: 'skip',
          message: `skipped: the target did not start (${run.error})`,
          ms: 0,
        }
      } else {
        try {
          result = { ...base, ...(await check.run(context)), ms: 0 }
        } catch (error) {
          result = { ...base, status: 'fail', message: `check crashed: ${errorMessage(error)}`, ms: 0 }
        }
      }
      result.ms = check.name === 'starts' ? run.ms : performance.now() - started
      results.push(result)
      this.onResult?.(result)
    }
    return results
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.freshCopy[Symbol.asyncDispose]()
    await this.target[Symbol.asyncDispose]()
  }
}

/** The default number of snapshots checked at once. */
export const DEFAULT_PARALLEL = Math.max(1, os.availableParallelism())

/** The checks a run with this `--check` selection reports, in report order. */
export function plannedChecks(names: string[] | undefined): CheckName[] {
  return selectChecks(names)
}

function selectChecks(names: string[] | undefined): CheckName[] {
  const available = CHECKS.map((c) => c.name)
  if (!names || names.length === 0) return available
  for (const name of names) {
    if (!isCheckName(name))
      throw new InputError(`--check ${name}: no such check (checks: ${available.join(', ')})`)
    if (!available.includes(name))
      throw new InputError(`--check ${name}: this check is not available in this build`)
  }
  return available.filter((name) => names.includes(name))
}

function selectSnapshots(all: Snapshot[], names: string[] | undefined, config: Config): Snapshot[] {
  if (!names || names.length === 0) {
    if (all.length === 0)
      throw new InputError(`${path.relative(process.cwd(), config.snapshots) || '.'}: no snapshots`)
    return all
  }
  return names.map((name) => {
    const found = all.find((s) => s.name === name)
    if (!found)
      throw new InputError(
        `--snapshot ${name}: no such snapshot (have: ${all.map((s) => s.name).join(', ')})`,
      )
    return found
  })
}
