import { execFile } from 'node:child_process'
import { rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { CORE_CHECKS } from '../harness/checks/registry.ts'
import type { Config } from '../harness/config/types.ts'
import { regenerateSnapshots } from '../harness/snapshots/regenerate-snapshots.ts'
import { createWorkingCopy } from '../harness/snapshots/working-copy.ts'
import { prepareTarget } from '../harness/targets/prepare-target.ts'
import type { BenchOptions } from './bench-options.ts'
import type { DataPreservedMemory } from './data-preserved-child.ts'
import { info, withGoal, type Measurement } from './measurement.ts'
import { alternate, pairedRatios, summarize, timed } from './stats.ts'
import { makeTempFolder } from './temp-folder.ts'
import { timeGate } from './time-gate.ts'

const run = promisify(execFile)

/** The release scaled up. */
export const SIZE_RELEASE = 'v0.9.5'
/** Scale factors (quick / full): v0.9.5 grows about 33 KiB per unit, so these make ~100 MiB and ~1 GiB. */
export const SIZE_SCALE = { quick: 3_100, full: 31_000 }
/** Interleaved repetitions of working copy and `cp` (quick / full). */
export const COPY_REPETITIONS = { quick: 3, full: 5 }
/** Interleaved repetitions of the core gate and the upgrade alone (quick / full). */
export const GATE_REPETITIONS = { quick: 3, full: 5 }
/** Goal: a working copy costs at most this many times `cp` of the same file. */
export const COPY_GOAL = 1.2
/** Goal: data-preserved's process stays under this peak resident memory, in MiB. */
export const MEMORY_GOAL_MIB = 256
/** Goal: the core checks take at most this many times the upgrade alone. */
export const SIZE_GATE_GOAL = 3

/**
 * Issue 7.3: v0.9.5 scaled to about 1 GiB (quick: 100 MiB) in a temporary folder: the working copy
 * against `cp`, data-preserved's peak memory (in a child process), and the core gate against the upgrade
 * alone. The scaled database is removed afterwards.
 */
export async function runSizeBench(config: Config, options: BenchOptions): Promise<Measurement[]> {
  const scale = options.quick ? SIZE_SCALE.quick : SIZE_SCALE.full
  const group = 'size'
  await using folder = await makeTempFolder()
  const outDir = path.join(folder.path, 'snapshots')
  const generated = await timed(async () => {
    const result = await regenerateSnapshots(config, { outDir, only: [SIZE_RELEASE], scale })
    if (!result.ok) throw new Error(`cannot scale ${SIZE_RELEASE}: ${result.snapshots[0]?.error}`)
  })
  const dbPath = path.join(outDir, SIZE_RELEASE, 'db.sqlite')
  const sizeMiB = (await stat(dbPath)).size / 2 ** 20
  const label = `${SIZE_RELEASE} x${scale} (${Math.round(sizeMiB)} MiB)`
  options.log(`size: ${label} generated in ${Math.round(generated)} ms`)

  const copy: number[] = []
  const cp: number[] = []
  const cpTarget = path.join(folder.path, 'cp.sqlite')
  for (let i = 0; i < (options.quick ? COPY_REPETITIONS.quick : COPY_REPETITIONS.full); i++) {
    const pair = [
      async () => {
        cp.push(await timed(() => run('cp', [dbPath, cpTarget])))
        await rm(cpTarget)
      },
      async () => {
        let made: AsyncDisposable | undefined
        copy.push(await timed(async () => (made = await createWorkingCopy(dbPath))))
        await made?.[Symbol.asyncDispose]()
      },
    ]
    for (const step of alternate(pair, i)) await step()
  }
  options.log(
    `size: working copy ${Math.round(summarize(copy).median)} ms, cp ${Math.round(summarize(cp).median)} ms`,
  )

  const sized: Config = { ...config, snapshots: outDir }
  const upgrade: number[] = []
  const gate: number[] = []
  const perCheck = new Map<string, number[]>()
  await using target = await prepareTarget(config.target, { rootDir: config.rootDir, timeoutMs: 600_000 })
  let memory: DataPreservedMemory | undefined
  for (let i = 0; i < (options.quick ? GATE_REPETITIONS.quick : GATE_REPETITIONS.full); i++) {
    const pair = [
      async () => {
        await using upgraded = await createWorkingCopy(dbPath)
        const started = await target.start(upgraded.dbPath)
        if (!started.ok) throw new Error(`the upgrade of ${label} failed: ${started.error}`)
        upgrade.push(started.ms)
        if (memory) return
        await using original = await createWorkingCopy(dbPath)
        memory = await measureDataPreserved(config.file, original.dbPath, upgraded.dbPath)
      },
      async () => {
        const { report, ms } = await timeGate(sized, { checks: [...CORE_CHECKS] })
        if (!report.ok) throw new Error(`the core gate failed on ${label}`)
        gate.push(ms)
        for (const result of report.results)
          perCheck.set(result.check, [...(perCheck.get(result.check) ?? []), result.ms])
      },
    ]
    for (const step of alternate(pair, i)) await step()
    options.log(
      `size ${i + 1}: upgrade ${Math.round(upgrade.at(-1) ?? 0)} ms, core gate ${Math.round(gate.at(-1) ?? 0)} ms`,
    )
  }
  if (!memory) throw new Error('data-preserved was not measured')
  return [
    info({
      group,
      name: `${label}: generated (regenerateSnapshots scale)`,
      unit: 'ms',
      stats: summarize([generated]),
    }),
    info({ group, name: `${label}: cp`, unit: 'ms', stats: summarize(cp) }),
    info({ group, name: `${label}: createWorkingCopy`, unit: 'ms', stats: summarize(copy) }),
    withGoal(
      { group, name: `${label}: working copy / cp`, unit: 'x', stats: summarize(pairedRatios(copy, cp)) },
      COPY_GOAL,
    ),
    withGoal(
      {
        group,
        name: `${label}: data-preserved peak RSS (its own process)`,
        unit: 'MiB',
        stats: summarize([memory.maxRssMiB]),
        note: `${memory.status} in ${Math.round(memory.ms)} ms; ${Math.round(memory.baselineRssMiB)} MiB before comparing (harness loaded)`,
      },
      MEMORY_GOAL_MIB,
      true,
    ),
    info({ group, name: `${label}: upgrade alone (target start)`, unit: 'ms', stats: summarize(upgrade) }),
    info({ group, name: `${label}: core gate`, unit: 'ms', stats: summarize(gate) }),
    ...[...perCheck].map(([check, times]) =>
      info({
        group,
        name: `${label}: core gate, ${check}`,
        unit: 'ms',
        stats: summarize(times),
        note: 'time until its result; checks overlap',
      }),
    ),
    withGoal(
      {
        group,
        name: `${label}: core gate / upgrade alone`,
        unit: 'x',
        stats: summarize(pairedRatios(gate, upgrade)),
      },
      SIZE_GATE_GOAL,
    ),
  ]
}

/** Runs data-preserved in a child process and reads its peak memory. */
async function measureDataPreserved(
  configFile: string,
  original: string,
  upgraded: string,
): Promise<DataPreservedMemory> {
  const child = fileURLToPath(new URL('./data-preserved-child.ts', import.meta.url))
  const { stdout } = await run(process.execPath, ['--import', 'tsx', child, configFile, original, upgraded], {
    maxBuffer: 1 << 20,
  })
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as DataPreservedMemory
}
