import { runGate, type GateReport } from '../harness/checks/run-gate.ts'
import type { GateOptions } from '../harness/checks/gate-session.ts'
import type { Config } from '../harness/config/types.ts'

/**
 * Runs the gate and times the whole call. `report.ms` ends before the run's session is disposed (its
 * fresh database and bundle removed), while a floor is timed with its own clean-up: comparing the two
 * would charge only the floor for removing what it made.
 */
export async function timeGate(
  config: Config,
  options: GateOptions,
): Promise<{ report: GateReport; ms: number }> {
  const started = performance.now()
  const report = await runGate(config, options)
  return { report, ms: performance.now() - started }
}
