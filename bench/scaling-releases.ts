import path from 'node:path'
import { CORE_CHECKS } from '../harness/checks/registry.ts'
import { loadConfig } from '../harness/config/load-config.ts'
import type { BenchOptions } from './bench-options.ts'
import { atLeast, info, withGoal, type Measurement } from './measurement.ts'
import { alternate, pairedRatios, summarize, timed } from './stats.ts'
import { prepareBareTarget } from './bare-target.ts'
import { runFloor } from './overhead.ts'
import { loadCatalogue } from '../harness/snapshots/load-catalogue.ts'
import { CHAIN_LINK, writeSyntheticChain } from './synthetic-chain.ts'
import { makeTempFolder } from './temp-folder.ts'
import { cpuTime } from './cpu-time.ts'
import { timeGate } from './time-gate.ts'

/** Chain lengths measured (quick / full). */
export const RELEASE_COUNTS = { quick: [10, 50], full: [10, 50, 200] }
/**
 * Interleaved repetitions of one and two workers at each chain length (quick / full): more for short
 * chains, whose runs take a second and whose ratios the machine's noise moves most.
 */
export const RELEASE_REPETITIONS: Record<'quick' | 'full', Record<number, number>> = {
  quick: { 10: 5, 50: 3 },
  full: { 10: 15, 50: 5, 200: 5 },
}
/** Goal: the per-snapshot cost at the longest chain is at most this many times that at the shortest. */
export const LINEARITY_GOAL = 1.3
/** Goal: two workers are at least this many times faster than one. */
export const SPEEDUP_GOAL = 1.7

/**
 * Issue 7.2: the core gate on generated chains of K releases (one snapshot each), with one and with two
 * workers. Reports ms per snapshot for each K, the linearity ratio and the two-worker speed-up.
 */
export async function runReleasesBench(rootDir: string, options: BenchOptions): Promise<Measurement[]> {
  const counts = options.quick ? RELEASE_COUNTS.quick : RELEASE_COUNTS.full
  const group = 'releases'
  const measurements: Measurement[] = []
  const perSnapshot = new Map<number, number>()
  const overFloor = new Map<number, number>()
  for (const k of counts) {
    const repetitions = (options.quick ? RELEASE_REPETITIONS.quick : RELEASE_REPETITIONS.full)[k] ?? 3
    await using folder = await makeTempFolder([CHAIN_LINK])
    const started = performance.now()
    const chain = await writeSyntheticChain(folder.path, k, path.join(rootDir, 'node_modules'))
    options.log(`releases: chain of ${k} written in ${Math.round(performance.now() - started)} ms`)
    const config = await loadConfig(chain.configFile)
    const one: number[] = []
    const two: number[] = []
    const floor: number[] = []
    const floorOne: number[] = []
    const coresBusy: number[] = []
    await using bare = await prepareBareTarget(config)
    const snapshots = (await loadCatalogue(config.snapshots)).map((s) => s.dbPath)
    const gate = async (parallel: number) => {
      const before = cpuTime()
      const { report, ms: took } = await timeGate(config, { checks: [...CORE_CHECKS], parallel })
      const after = cpuTime()
      if (parallel === 2) coresBusy.push((after.self - before.self + after.children - before.children) / took)
      if (!report.ok) {
        const failed = report.results.find((r) => r.status === 'fail')
        throw new Error(`synthetic chain of ${k}: ${failed?.snapshot} › ${failed?.check}: ${failed?.message}`)
      }
      ;(parallel === 1 ? one : two).push(took)
    }
    for (let i = 0; i < repetitions; i++) {
      // Every pair compared (floor 2 and 1, gate 1 and 2, floor 2 and gate 2) alternates which goes first.
      const steps = [
        async () => floor.push(await timed(() => runFloor(bare, snapshots, 2))),
        async () => floorOne.push(await timed(() => runFloor(bare, snapshots, 1))),
        () => gate(1),
        () => gate(2),
      ]
      for (const step of alternate(steps, i)) await step()
      options.log(
        `releases K=${k} ${i + 1}/${repetitions}: 1 worker ${ms(one.at(-1))}, 2 workers ${ms(two.at(-1))}, floor ${ms(floor.at(-1))}`,
      )
    }
    const name = `K=${k}`
    measurements.push(
      info({ group, name: `${name}: core gate, 1 worker`, unit: 'ms', stats: summarize(one) }),
      info({ group, name: `${name}: core gate, 2 workers`, unit: 'ms', stats: summarize(two) }),
      info({
        group,
        name: `${name}: ms per snapshot, 2 workers`,
        unit: 'ms',
        stats: summarize(two.map((t) => t / k)),
      }),
      info({
        group,
        name: `${name}: bare floor per snapshot (same starts, 2 at a time)`,
        unit: 'ms',
        stats: summarize(floor.map((t) => t / k)),
        note: "the target's own work: snapshot i applies K - i migrations",
      }),
      info({
        group,
        name: `${name}: the floor's own speed-up, 2 at a time against 1`,
        unit: 'x',
        stats: summarize(pairedRatios(floorOne, floor)),
        note: 'what two cores give bare starts on this machine: the ceiling for the gate',
      }),
      info({
        group,
        name: `${name}: core gate (2 workers) / floor`,
        unit: 'x',
        stats: summarize(pairedRatios(two, floor)),
      }),
      info({
        group,
        name: `${name}: cores busy during the 2-worker gate (CPU time / wall time)`,
        unit: 'x',
        stats: summarize(coresBusy),
        note: "the harness's process and the target processes; of the machine's 2",
      }),
      atLeast(
        {
          group,
          name: `${name}: speed-up with 2 workers`,
          unit: 'x',
          stats: summarize(pairedRatios(one, two)),
        },
        SPEEDUP_GOAL,
      ),
    )
    perSnapshot.set(k, summarize(two).median / k)
    overFloor.set(k, summarize(pairedRatios(two, floor)).median)
  }
  const smallest = counts[0]!
  const largest = counts[counts.length - 1]!
  const ratio = (perSnapshot.get(largest) ?? Number.NaN) / (perSnapshot.get(smallest) ?? Number.NaN)
  measurements.push(
    withGoal(
      {
        group,
        name: `linearity: ms per snapshot at K=${largest} / at K=${smallest} (2 workers)`,
        unit: 'x',
        stats: summarize([ratio]),
        note: 'a ratio of medians',
      },
      LINEARITY_GOAL,
    ),
    info({
      group,
      name: `linearity of the harness: (gate / floor) at K=${largest} / at K=${smallest}`,
      unit: 'x',
      stats: summarize([(overFloor.get(largest) ?? Number.NaN) / (overFloor.get(smallest) ?? Number.NaN)]),
      note: "the target's own work per snapshot grows with K; this is what the harness adds on top",
    }),
  )
  return measurements
}

function ms(value: number | undefined): string {
  return `${Math.round(value ?? Number.NaN)} ms`
}
