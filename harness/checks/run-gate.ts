import type { Config } from '../config/types.ts'
import { type GateOptions, GateSession } from './gate-session.ts'
import { runPool } from './run-pool.ts'
import type { CheckResult } from './types.ts'
import { unusedRuleWarnings } from './unused-rule-warnings.ts'

/** The outcome of a gate run: the JSON reporter prints exactly this. */
export interface GateReport {
  /** True when no check failed (skips allowed). */
  ok: boolean
  /** The target, as `module:app/init-db.ts#initDb`. */
  target: string
  results: CheckResult[]
  /** Things worth a look that fail nothing: schema ignore and data rules that matched nothing. */
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
    warnings: unusedRuleWarnings(config, results),
    ms: performance.now() - started,
  }
}
