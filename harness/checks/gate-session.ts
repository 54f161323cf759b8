import type { Database } from 'better-sqlite3'
import { existsSync } from 'node:fs'
import os from 'node:os'
import { configField } from '../config/config-field.ts'
import type { Config, HistorySpec } from '../config/types.ts'
import { errorMessage, HarnessResourceError, InputError } from '../errors.ts'
import { inspectConnection } from '../inspect/inspect-connection.ts'
import { openReadOnly, readingFile, SharedReader } from '../inspect/open-read-only.ts'
import { schemaFingerprint } from '../inspect/schema-fingerprint.ts'
import { readHistory as readHistoryOf } from '../snapshots/read-history.ts'
import { scratchFull } from '../snapshots/scratch-space.ts'
import { loadCatalogue } from '../snapshots/load-catalogue.ts'
import type { Snapshot } from '../snapshots/snapshot.ts'
import { SnapshotChangedError } from '../snapshots/unchanged-since-verified.ts'
import { verifySnapshot } from '../snapshots/verify-snapshot.ts'
import { createEmptyWorkingCopy, createWorkingCopy, type WorkingCopy } from '../snapshots/working-copy.ts'
import { prepareTarget } from '../targets/prepare-target.ts'
import type { Target, TargetRun, TargetSpec } from '../targets/target.ts'
import type { CheckName } from './check-names.ts'
import { failedStartOutcome } from './failed-start.ts'
import { CHECKS } from './registry.ts'
import { runPool } from './run-pool.ts'
import { refuseHotJournals } from './hot-journal.ts'
import { guardResources } from './resource-guard.ts'
import { selectChecks, selectSnapshots } from './select.ts'
import { StartSlots, startInSlots } from './start-slots.ts'
import type { Check, CheckContext, CheckResult, FreshDatabase } from './types.ts'

/** Options of a gate run. */
export interface GateOptions {
  /** Only these snapshots, by name. Default: every snapshot in the catalogue. */
  snapshots?: string[]
  /** Only these checks. Default: every check (those in the config's `checks.skip` are reported as skipped). */
  checks?: string[]
  /** Start this target instead of the config's. Default: the config's. */
  target?: TargetSpec
  /**
   * The gate's workers: target processes running at once (`concurrent-start`'s own processes aside).
   * Default: the number of cores.
   */
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
  private freshBuilt: FreshDatabase | undefined

  private constructor(
    readonly config: Config,
    /** The prepared target, every start of which takes one of the run's {@link StartSlots}. */
    readonly target: Target,
    private readonly prepared: Target,
    /** How many snapshots are worked on at once: one more than the workers, see {@link open}. */
    readonly snapshotsAtOnce: number,
    readonly snapshots: Snapshot[],
    readonly checks: CheckName[],
    private readonly freshBuilding: Promise<FreshDatabase>,
    private readonly freshCopy: WorkingCopy,
    private readonly onResult: ((result: CheckResult) => void) | undefined,
  ) {}

  /**
   * Prepares everything a run shares. Throws InputError for unusable input (exit status 2). The fresh
   * database is being built when this resolves, not yet built: snapshots start their upgrades meanwhile,
   * and {@link ready} (which every {@link runSnapshot} awaits) resolves once it is.
   */
  static async open(config: Config, options: GateOptions = {}): Promise<GateSession> {
    const checks = selectChecks(options.checks)
    const catalogue = await loadCatalogue(config.snapshots, configField(config, 'snapshots'))
    const snapshots = selectSnapshots(catalogue, options.snapshots, config)
    // Hashing the snapshots only reads them, so the target is bundled meanwhile. A snapshot that fails
    // verification is reported before a target that fails to prepare, as when they ran one after the other.
    const [verified, prepared] = await Promise.allSettled([
      runPool(snapshots, VERIFY_PARALLEL, verifySnapshot),
      prepareTarget(options.target ?? config.target, {
        rootDir: options.target ? process.cwd() : config.rootDir,
        timeoutMs: config.timeoutMs,
      }),
    ])
    if (verified.status === 'rejected') {
      if (prepared.status === 'fulfilled') await prepared.value[Symbol.asyncDispose]()
      throw verified.reason
    }
    if (prepared.status === 'rejected')
      throw options.target ? prepared.reason : fromConfig(prepared.reason, config)
    const workers = Math.max(1, options.parallel ?? DEFAULT_PARALLEL)
    const target = refuseHotJournals(guardResources(startInSlots(prepared.value, new StartSlots(workers))))
    try {
      const freshCopy = await createEmptyWorkingCopy()
      const fresh = buildFresh(config, target, freshCopy.dbPath)
      // Nobody may await it before the first snapshot does; its failure is reported there, not as unhandled.
      fresh.catch(() => {})
      // One snapshot more than there are workers: the extra one makes its copies and runs its checks
      // while the workers run target processes, and has its next start waiting when a worker frees up.
      const atOnce = workers + 1
      return new GateSession(
        config,
        target,
        prepared.value,
        atOnce,
        // As verified: each copy made in the run is then checked against the file that was hashed.
        verified.value,
        checks,
        fresh,
        freshCopy,
        options.onResult,
      )
    } catch (error) {
      await prepared.value[Symbol.asyncDispose]()
      throw error
    }
  }

  /** What the target built on an empty database; throws when read before {@link ready} resolved. */
  get fresh(): FreshDatabase {
    if (!this.freshBuilt) throw new Error('GateSession.fresh read before ready() resolved')
    return this.freshBuilt
  }

  /** Resolves once the fresh database is built (and inspected). */
  async ready(): Promise<FreshDatabase> {
    this.freshBuilt ??= await this.freshBuilding
    return this.freshBuilt
  }

  /**
   * Runs the selected checks on one snapshot, on a working copy of its own. The pristine copy is made
   * while the target upgrades the other, and checks in {@link OVERLAPPED_CHECKS} run alongside the rest.
   */
  async runSnapshot(snapshot: Snapshot): Promise<CheckResult[]> {
    await using copy = await createWorkingCopy(snapshot)
    const copying = createWorkingCopy(snapshot)
    // Awaited only once the start is done: a failure to copy meanwhile (a full temporary folder) is held
    // here until then, not left unhandled (which ended the harness with a stack trace and status 1).
    copying.catch(() => {})
    let run: TargetRun
    try {
      run = await this.target.start(copy.dbPath)
    } catch (error) {
      await copying.then(
        (c) => c[Symbol.asyncDispose](),
        () => {},
      )
      throw error
    }
    await using original = await copying
    // Closed before the copies are removed (disposal runs in reverse order).
    using reader = new SharedReader(copy.dbPath)
    const watched = watchFirstStart(this.target)
    const context: CheckContext = {
      config: this.config,
      snapshot,
      original: { dbPath: original.dbPath },
      target: watched.target,
      fresh: await this.ready(),
      startsReported: this.startsReported(),
      upgraded: {
        dbPath: copy.dbPath,
        run,
        connection: () => reader.db,
        schema: once(() => readingFile(copy.dbPath, reader.db, inspectConnection)),
        fingerprint: once(() => readingFile(copy.dbPath, reader.db, schemaFingerprint)),
        history: once(() => readHistoryOf(reader.db, this.config.history) ?? []),
      },
    }
    const selected = CHECKS.filter((check) => this.checks.includes(check.name))
    const settle = (check: Check) => this.runCheck(check, context)
    const overlappedChecks = selected.filter((c) => OVERLAPPED_CHECKS.has(c.name))
    const overlapped = new Map(overlappedChecks.map((c) => [c.name, settle(c)] as const))
    // Each is awaited in turn below; one that rejects before its turn must not count as unhandled.
    for (const running of overlapped.values()) running.catch(() => {})
    // A target process that an overlapped check starts (idempotent's second start) is launched before
    // this thread's checks run, so it never waits for them.
    if (overlappedChecks.some((c) => c.name === 'idempotent'))
      await Promise.race([watched.started, Promise.allSettled(overlapped.values())])
    const results: CheckResult[] = []
    try {
      for (const check of selected) {
        const result = await (overlapped.get(check.name) ?? settle(check))
        results.push(result)
        // Most checks run synchronously: give the overlapped ones a turn of the event loop to move on.
        await new Promise((resolve) => setImmediate(resolve))
      }
    } catch (error) {
      // The overlapped checks still running use the copies that are removed on the way out.
      await Promise.allSettled(overlapped.values())
      throw error
    }
    return results
  }

  private async runCheck(check: Check, context: CheckContext): Promise<CheckResult> {
    const { run } = context.upgraded
    const started = performance.now()
    const base = { snapshot: context.snapshot.name, check: check.name }
    let result: CheckResult
    if (this.config.checks.skip.includes(check.name)) {
      result = { ...base, status: 'skip', message: 'skipped: listed in checks.skip', ms: 0 }
    } else if (!run.ok && check.needsStart !== false) {
      result = { ...base, ...failedStartOutcome(run.error, this.startsReported()), ms: 0 }
    } else {
      try {
        result = { ...base, ...(await check.run(context)), ms: 0 }
      } catch (error) {
        // The harness's own want of resources (a full temporary folder, no file descriptors) fails whatever
        // check meets it first, in whatever way: it stops the run. So does a snapshot changed since its
        // sha256 was checked: the check would report on a file nobody verified.
        if (error instanceof HarnessResourceError || error instanceof SnapshotChangedError) throw error
        const scratch = scratchFull(`check "${check.name}" on snapshot "${base.snapshot}"`, error, true)
        if (scratch) throw scratch
        result = { ...base, status: 'fail', message: `check crashed: ${errorMessage(error)}`, ms: 0 }
      }
    }
    result.ms = check.name === 'starts' ? run.ms : performance.now() - started
    this.onResult?.(result)
    return result
  }

  /** Whether this run has a `starts` result that fails when the target does not start. */
  private startsReported(): boolean {
    return this.checks.includes('starts') && !this.config.checks.skip.includes('starts')
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.freshCopy[Symbol.asyncDispose]()
    await this.prepared[Symbol.asyncDispose]()
  }
}

/**
 * Checks that spend their time waiting (for a target start on a copy of their own, or for a worker thread
 * reading a large database), so they run alongside the checks that read on this thread, one after
 * another, instead of after them.
 */
export const OVERLAPPED_CHECKS: ReadonlySet<CheckName> = new Set<CheckName>([
  'idempotent',
  'integrity',
  'data-preserved',
])

/** Snapshots hashed at once while a run opens. */
const VERIFY_PARALLEL = 2

/** Starts the target on an empty database and reads what it built. */
async function buildFresh(config: Config, target: Target, dbPath: string): Promise<FreshDatabase> {
  const started = await target.start(dbPath)
  // A start that succeeds without making the database (a command that ignored its path) failed at it.
  const run =
    started.ok && !existsSync(dbPath)
      ? { ...started, ok: false, error: 'exited 0 but made no database file' }
      : started
  if (!run.ok) return { dbPath, run, model: undefined, fingerprint: undefined, history: undefined }
  try {
    using file = openReadOnly(dbPath)
    return {
      dbPath,
      run,
      model: readingFile(dbPath, file.db, inspectConnection),
      fingerprint: schemaFingerprint(file.db),
      ...freshHistory(file.db, config.history),
    }
  } catch (error) {
    // A start that could not checkpoint for want of room leaves a file shorter than its header says.
    throw scratchFull('reading the fresh database', error, true) ?? error
  }
}

/**
 * The history of the database the target builds, or why it cannot be read where the config says (no
 * such table or column): a wrong `history` setting, or a target that no longer records its history.
 * Either way the `history` check fails saying so; the run goes on.
 */
function freshHistory(db: Database, spec: HistorySpec): Pick<FreshDatabase, 'history' | 'historyProblem'> {
  try {
    const history = readHistoryOf(db, spec)
    if (history !== undefined || 'pragma' in spec) return { history: history ?? [] }
    return { history: [], historyProblem: `has no table "${spec.table}"` }
  } catch (error) {
    const where = 'table' in spec ? `${spec.table}.${spec.column}` : 'user_version'
    return { history: [], historyProblem: `has no readable ${where} (${errorMessage(error)})` }
  }
}

/** The default number of workers: one per core. */
export const DEFAULT_PARALLEL = Math.max(1, os.availableParallelism())

/** `target`, and a promise that resolves as soon as one of its starts has been launched. */
function watchFirstStart(target: Target): { target: Target; started: Promise<void> } {
  let launched!: () => void
  const started = new Promise<void>((resolve) => (launched = resolve))
  const watched: Target = Object.create(target) as Target
  watched.start = (dbPath, options) => {
    const run = target.start(dbPath, options)
    launched()
    return run
  }
  return { target: watched, started }
}

/** `make`, called at most once: the upgraded copy never changes, so neither does what is read from it. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined
  return () => (made ??= { value: make() }).value
}

/**
 * A config's target that cannot be prepared (a module that is not there, an export it lacks): the
 * message says which config names it. The harness's own trouble (a temporary folder) is not the config's.
 */
function fromConfig(error: unknown, config: Config): unknown {
  if (!(error instanceof InputError) || error instanceof HarnessResourceError) return error
  return new InputError(`${error.message} (${configField(config, 'target')})`, { cause: error })
}
