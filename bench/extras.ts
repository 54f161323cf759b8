import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { runContainerBench } from '../examples/container/bench-container.ts'
import type { BenchOptions } from './bench-options.ts'
import { runInspectBench } from './inspect.bench.ts'
import { info, withGoal, type Measurement } from './measurement.ts'
import { summarize } from './stats.ts'

const run = promisify(execFile)

/** How long to wait for the Docker engine to answer before skipping the container bench. */
export const ENGINE_PROBE_MS = 5_000

/** The inspector and diff benchmark (bench/inspect.bench.ts), as measurements. */
export async function runInspectMeasurements(): Promise<Measurement[]> {
  return (await runInspectBench()).map((r) =>
    withGoal(
      {
        group: 'inspect',
        name: r.name,
        unit: 'ms',
        stats: summarize([r.medianMs]),
        note: 'median of its own runs',
      },
      r.goalMs,
      true,
    ),
  )
}

/**
 * What one container check costs (examples/container/bench-container.ts). Without an engine that answers,
 * one line saying so, with no goal.
 */
export async function runContainerMeasurements(options: BenchOptions): Promise<Measurement[]> {
  const engine = await run('docker', ['info', '--format', '{{.ServerVersion}}'], {
    timeout: ENGINE_PROBE_MS,
  }).then(
    (out) => out.stdout.trim(),
    () => undefined,
  )
  const group = 'container'
  if (!engine) {
    options.log('container: no Docker engine answers; skipped')
    return [
      info({
        group,
        name: 'container start',
        unit: 'ms',
        stats: summarize([]),
        note: 'skipped: no Docker engine answered',
      }),
    ]
  }
  return (await runContainerBench(options.quick ? 3 : undefined)).map((r) =>
    info({
      group,
      name: r.name,
      unit: 'ms',
      stats: summarize([r.medianMs]),
      note: `median of its own runs; engine ${engine}`,
    }),
  )
}
