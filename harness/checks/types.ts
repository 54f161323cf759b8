import type { Database } from 'better-sqlite3'
import type { Config } from '../config/types.ts'
import type { SchemaModel } from '../inspect/model.ts'
import type { Snapshot } from '../snapshots/snapshot.ts'
import type { Target, TargetRun } from '../targets/target.ts'
import type { CheckName } from './check-names.ts'

/** The status of one check on one snapshot. */
export type CheckStatus = 'pass' | 'fail' | 'skip'

/** What a check returns: results are data; a check throws only on a programming error. */
export interface CheckOutcome {
  status: CheckStatus
  /** One readable line (a failure says what is wrong and quotes both sides). */
  message: string
  /** Machine-readable detail: a schema diff, a data comparison, the runs. */
  details?: unknown
}

/** One row of the matrix: a check's outcome on a snapshot, timed. */
export interface CheckResult extends CheckOutcome {
  snapshot: string
  check: CheckName
  ms: number
}

/** What the target built on an empty database, once per run. */
export interface FreshDatabase {
  dbPath: string
  run: TargetRun
  /** Undefined when the fresh start failed. */
  model: SchemaModel | undefined
  /** Its `schemaFingerprint`; undefined when the fresh start failed. */
  fingerprint: string | undefined
  history: string[] | undefined
  /** Why its history cannot be read where the config says (`has no table "x"`); undefined when it can. */
  historyProblem?: string
}

/** A working copy of the snapshot after the target's first start on it. */
export interface UpgradedDatabase {
  dbPath: string
  run: TargetRun
  /** A read-only connection to it, opened once per snapshot and shared by the checks that read it. */
  connection(): Database
  /** Its schema model, inspected once and shared by every check that compares against it. */
  schema(): SchemaModel
  /** Its `schemaFingerprint`, read once: equal to another's, the schema models are equal too. */
  fingerprint(): string
  /** Its migration history (see `readHistory`), read once. */
  history(): string[]
}

/**
 * Everything a check may look at. Checks never modify `original` or `upgraded`: they copy them first.
 * The committed snapshot file is never opened by SQLite (even read-only, a WAL database gets `-shm`
 * and `-wal` files beside it): checks read `original`, a pristine copy.
 */
export interface CheckContext {
  config: Config
  snapshot: Snapshot
  /** A pristine copy of the snapshot, never started on: what the database was before the upgrade. */
  original: { dbPath: string }
  target: Target
  fresh: FreshDatabase
  upgraded: UpgradedDatabase
  /**
   * Whether this run's `starts` result reports a failed start. When it does not (the run leaves `starts`
   * out), a check that runs whatever the start did (`needsStart: false`) and cannot judge because the
   * start failed must fail, saying so, rather than skip: a skip would pass a snapshot the target cannot
   * even upgrade. Default: true.
   */
  startsReported?: boolean
}

/** One check: a name from the contract and how to run it on an upgraded snapshot. */
export interface Check {
  name: CheckName
  /** False for checks that do not look at the upgraded database (they run even when `starts` fails). Default: true. */
  needsStart?: boolean
  run(context: CheckContext): Promise<CheckOutcome>
}
