import { copyFile } from 'node:fs/promises'
import path from 'node:path'
import { runGate } from '../harness/checks/run-gate.ts'
import { runPool } from '../harness/checks/run-pool.ts'
import { CORE_CHECKS } from '../harness/checks/registry.ts'
import type { Config } from '../harness/config/types.ts'
import { loadCatalogue } from '../harness/snapshots/load-catalogue.ts'
import type { BenchOptions } from './bench-options.ts'
import { prepareBareTarget, runNode, type BareTarget } from './bare-target.ts'
import { info, withGoal, type Measurement } from './measurement.ts'
import { alternate, pairedRatios, summarize, timed } from './stats.ts'
import { makeTempFolder } from './temp-folder.ts'
import { timeGate } from './time-gate.ts'

/** Interleaved repetitions of gate and floor (quick / full). */
export const OVERHEAD_REPETITIONS = { quick: 3, full: 9 }
/** Repetitions of the full gate, every check (quick / full): each takes about half a minute. */
export const FULL_GATE_REPETITIONS = { quick: 1, full: 3 }
/** Processes at once, for the gate and the floor alike: this machine's two cores. */
export const OVERHEAD_PARALLEL = 2
/** Goal: the core gate takes at most this many times the floor (issue 7). */
export const OVERHEAD_GOAL = 1.3
/** Goal: the core checks on every reference snapshot, in ms (issue 2). */
export const CORE_GATE_GOAL_MS = 10_000
/** Goal: the full gate, every check, in ms (issue 4). */
export const FULL_GATE_GOAL_MS = 60_000

/**
 * Issue 7.1: the core checks on the reference app's snapshots against the bare floor, the same target
 * starts (the fresh database, each snapshot's upgrade, and its second start) as plain `node` processes on
 * plain file copies, two at a time, and nothing else. Also the CLI's core gate and the full gate.
 */
export async function runOverheadBench(config: Config, options: BenchOptions): Promise<Measurement[]> {
  const repetitions = options.quick ? OVERHEAD_REPETITIONS.quick : OVERHEAD_REPETITIONS.full
  const checks = [...CORE_CHECKS]
  const gate: number[] = []
  const floor: number[] = []
  const cli: number[] = []
  await using bare = await prepareBareTarget(config)
  const snapshots = (await loadCatalogue(config.snapshots)).map((s) => s.dbPath)
  // Warm-up: the first run pays for cold caches, which neither side should be charged with.
  await runFloor(bare, snapshots)
  await runGate(config, { checks, parallel: OVERHEAD_PARALLEL })
  for (let i = 0; i < repetitions; i++) {
    // Alternate which goes first, so drift in the machine's load falls on both sides alike.
    const pair = [
      async () => floor.push(await timed(() => runFloor(bare, snapshots))),
      async () => {
        const { report, ms } = await timeGate(config, { checks, parallel: OVERHEAD_PARALLEL })
        if (!report.ok) throw new Error('the core gate failed on the reference app: fix that first')
        gate.push(ms)
      },
    ]
    for (const step of alternate(pair, i)) await step()
    const cliArgs = ['bin/upgrade-harness.mjs', 'run', ...checks.flatMap((c) => ['--check', c])]
    cli.push(await timed(() => runNode(cliArgs, config.rootDir)))
    options.log(`overhead ${i + 1}/${repetitions}: gate ${ms(gate.at(-1))}, floor ${ms(floor.at(-1))}`)
  }
  const full: number[] = []
  for (let i = 0; i < (options.quick ? FULL_GATE_REPETITIONS.quick : FULL_GATE_REPETITIONS.full); i++) {
    const { report, ms: took } = await timeGate(config, { parallel: OVERHEAD_PARALLEL })
    full.push(took)
    options.log(`full gate ${i + 1}: ${ms(took)}${report.ok ? '' : ' (some check failed)'}`)
  }
  const group = 'overhead'
  const n = snapshots.length
  return [
    withGoal(
      {
        group,
        name: `core gate (${checks.length} checks x ${n} snapshots), runGate`,
        unit: 'ms',
        stats: summarize(gate),
      },
      CORE_GATE_GOAL_MS,
      true,
    ),
    info({
      group,
      name: `bare floor (${1 + 2 * n} plain node starts, 2 at a time)`,
      unit: 'ms',
      stats: summarize(floor),
    }),
    withGoal(
      { group, name: 'core gate / bare floor', unit: 'x', stats: summarize(pairedRatios(gate, floor)) },
      OVERHEAD_GOAL,
      false,
      `<= ${OVERHEAD_GOAL}x`,
    ),
    withGoal(
      {
        group,
        name: 'core gate via the CLI (npm run gate -- --check ...), whole process',
        unit: 'ms',
        stats: summarize(cli),
        note: 'includes loading the CLI and the config through tsx',
      },
      CORE_GATE_GOAL_MS,
      true,
    ),
    withGoal(
      {
        group,
        name: `full gate (every check x ${n} snapshots), runGate`,
        unit: 'ms',
        stats: summarize(full),
      },
      FULL_GATE_GOAL_MS,
      true,
    ),
  ]
}

/**
 * The floor: the starts the core gate makes (the fresh database, then each snapshot's upgrade and its
 * second start), as bare processes on plain file copies, `parallel` at a time, and nothing else.
 */
export async function runFloor(
  bare: BareTarget,
  snapshots: string[],
  parallel = OVERHEAD_PARALLEL,
): Promise<void> {
  await using folder = await makeTempFolder()
  const jobs: (() => Promise<void>)[] = [
    () => bare.start(path.join(folder.path, 'fresh.sqlite')),
    ...snapshots.map((source, i) => async () => {
      const upgraded = path.join(folder.path, `${i}-upgraded.sqlite`)
      const second = path.join(folder.path, `${i}-second.sqlite`)
      await copyFile(source, upgraded)
      await bare.start(upgraded)
      await copyFile(upgraded, second)
      await bare.start(second)
    }),
  ]
  await runPool(jobs, parallel, (job) => job())
}

function ms(value: number | undefined): string {
  return `${Math.round(value ?? Number.NaN)} ms`
}
