import path from 'node:path'
import type { Config } from '../harness/config/types.ts'
import { prepareTarget } from '../harness/targets/prepare-target.ts'
import type { TargetRun } from '../harness/targets/target.ts'
import type { BenchOptions } from './bench-options.ts'
import { runNode } from './bare-target.ts'
import { nodeStartEnvSet } from './machine.ts'
import { info, withGoal, type Measurement } from './measurement.ts'
import { alternate, pairedRatios, summarize, timed } from './stats.ts'
import { makeTempFolder } from './temp-folder.ts'

/** Interleaved samples of a target start and a bare `node -e ''` (quick / full). */
export const START_SAMPLES = { quick: 10, full: 20 }
/**
 * Goal: spawn → target function called costs at most this many times a bare node process's whole life
 * (what is left is the runner and the target's own imports: nothing compiled, nothing else loaded).
 */
export const START_COST_GOAL = 1.5

/**
 * Issue 7.4: the time from spawning a module target's process to its function being called
 * (`TargetRun.startCostMs`), against spawning a bare `node -e ''` and waiting for its exit.
 */
export async function runStartCostBench(config: Config, options: BenchOptions): Promise<Measurement[]> {
  const samples = options.quick ? START_SAMPLES.quick : START_SAMPLES.full
  await using target = await prepareTarget(config.target, {
    rootDir: config.rootDir,
    timeoutMs: config.timeoutMs,
  })
  await using folder = await makeTempFolder()
  const cost: number[] = []
  const whole: number[] = []
  const bare: number[] = []
  for (let i = -1; i < samples; i++) {
    let run: TargetRun | undefined
    let nodeMs = Number.NaN
    const pair = [
      // Each start gets an empty database: the cost measured ends before initDb touches it anyway.
      async () => (run = await target.start(path.join(folder.path, `${i + 1}.sqlite`))),
      async () => (nodeMs = await timed(() => runNode(['-e', '']))),
    ]
    for (const step of alternate(pair, i)) await step()
    if (!run?.ok || run.startCostMs === undefined)
      throw new Error(`target start failed: ${run?.error ?? 'no start cost'}`)
    if (i < 0) continue // warm-up
    cost.push(run.startCostMs)
    whole.push(run.ms)
    bare.push(nodeMs)
  }
  options.log(
    `start cost ${Math.round(summarize(cost).median)} ms, bare node ${Math.round(summarize(bare).median)} ms`,
  )
  const group = 'start-cost'
  return [
    info({ group, name: "bare node -e '' (spawn to exit)", unit: 'ms', stats: summarize(bare) }),
    info({ group, name: 'target start cost (spawn to initDb called)', unit: 'ms', stats: summarize(cost) }),
    withGoal(
      { group, name: 'target start cost / bare node', unit: 'x', stats: summarize(pairedRatios(cost, bare)) },
      START_COST_GOAL,
    ),
    info({
      group,
      name: 'whole target start on an empty database (spawn to exit)',
      unit: 'ms',
      stats: summarize(whole),
    }),
    ...(await bareNodeWithoutStartEnv(samples)),
  ]
}

/**
 * Where variables that change every node process's start are set (NODE_EXTRA_CA_CERTS can more than
 * double it), bare node without them: what each start would cost on a machine without them.
 */
async function bareNodeWithoutStartEnv(samples: number): Promise<Measurement[]> {
  const set = nodeStartEnvSet()
  if (set.length === 0) return []
  const env = { ...process.env }
  for (const name of set) delete env[name]
  const times: number[] = []
  for (let i = -1; i < samples; i++) {
    const ms = await timed(() => runNode(['-e', ''], undefined, env))
    if (i >= 0) times.push(ms)
  }
  const name = `bare node -e '' with ${set.join(' and ')} unset`
  return [info({ group: 'start-cost', name, unit: 'ms', stats: summarize(times) })]
}
