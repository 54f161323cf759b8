import type { SchemaDiff } from '../diff/types.ts'
import type { Config } from '../config/types.ts'
import { type GateOptions, GateSession } from './gate-session.ts'
import { runPool } from './run-pool.ts'
import type { CheckResult } from './types.ts'

/** The outcome of a gate run: the JSON reporter prints exactly this. */
export interface GateReport {
  /** True when no check failed (skips allowed). */
  ok: boolean
  /** The target, as `module:app/init-db.ts#initDb`. */
  target: string
  results: CheckResult[]
  /** Things worth a look that fail nothing: ignore rules that matched nothing, for instance. */
  warnings: string[]
  /** Wall-clock time of the whole run. */
  ms: number
}

/**
 * Runs the gate: every selected check on every selected snapshot, `parallel` target processes at a
 * time. Throws InputError for unusable input; failing checks are results, not exceptions.
 */
export async function runGate(config: Config, options: GateOptions = {}): Promise<GateReport> {
  const started = performance.now()
  await using session = await GateSession.open(config, options)
  const perSnapshot = await runPool(session.snapshots, session.snapshotsAtOnce, (s) => session.runSnapshot(s))
  const results = perSnapshot.flat()
  return {
    ok: results.every((r) => r.status !== 'fail'),
    target: session.target.description,
    results,
    warnings: unusedIgnoreWarnings(config, results),
    ms: performance.now() - started,
  }
}

/** An ignore rule that no snapshot's matches-fresh needed is reported, so ignore lists cannot rot. */
function unusedIgnoreWarnings(config: Config, results: CheckResult[]): string[] {
  const diffs = results
    .filter((r) => r.check === 'matches-fresh' && r.details)
    .map((r) => r.details as SchemaDiff)
  if (diffs.length === 0) return []
  return config.schema.ignore
    .filter((rule) => diffs.every((d) => d.unusedIgnores.includes(rule)))
    .map(
      (rule) =>
        `schema ignore rule for ${rule.object}${rule.property ? ` ${rule.property}` : ''} matched nothing ("${rule.reason}")`,
    )
}
