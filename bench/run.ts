/**
 * The benchmarks of issue 7 (and the speed goals of issues 2, 4 and 5): prints a table and writes
 * bench/results.json with the machine it ran on.
 *
 *   npm run bench                      every group, full sizes (about 1 GiB on disk, for a while)
 *   npm run bench -- --quick           fewer repetitions, smaller sizes: a few minutes
 *   npm run bench -- --only releases   one group (repeatable); the other groups' figures in results.json stay
 */
import { existsSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../harness/config/load-config.ts'
import { errorMessage } from '../harness/errors.ts'
import type { BenchOptions } from './bench-options.ts'
import { runContainerMeasurements, runInspectMeasurements } from './extras.ts'
import { describeMachine, machineLine } from './machine.ts'
import type { Measurement } from './measurement.ts'
import { runOverheadBench } from './overhead.ts'
import { renderTable } from './render-table.ts'
import { GROUPS, RESULTS_FILE, type BenchResults, type Group } from './results-file.ts'
import { runReleasesBench } from './scaling-releases.ts'
import { runSizeBench } from './scaling-size.ts'
import { runStartCostBench } from './start-cost.ts'

// The gate runs in this process, set up as the CLI's own (bin/upgrade-harness.mjs): without V8's
// incremental marking, which for the harness's small heap meant a full collection every few snapshots.
setFlagsFromString('--no-incremental-marking')

const ROOT = fileURLToPath(new URL('..', import.meta.url))

async function main(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick')
  const only: Group[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--quick') continue
    if (arg === '--only' && GROUPS.includes(argv[i + 1] as Group)) {
      only.push(argv[++i] as Group)
      continue
    }
    console.error(
      `bench: unknown argument "${arg}${arg === '--only' ? ` ${argv[i + 1] ?? ''}` : ''}" (use --quick, --only ${GROUPS.join('|')})`,
    )
    return 2
  }
  const selected = only.length > 0 ? GROUPS.filter((g) => only.includes(g)) : [...GROUPS]
  const options: BenchOptions = { quick, log: (line) => console.error(`  ${line}`) }
  const config = await loadConfig(undefined, ROOT)
  const results: BenchResults = existsSync(RESULTS_FILE)
    ? (JSON.parse(await readFile(RESULTS_FILE, 'utf8')) as BenchResults)
    : { groups: {} }
  const fresh: Measurement[] = []
  let failed = false
  for (const group of selected) {
    const machine = describeMachine()
    console.error(`${group}: load average ${machine.loadAverageAtStart.join(' ')}`)
    const started = performance.now()
    try {
      const measurements = await runGroup(group)
      fresh.push(...measurements)
      results.groups[group] = {
        ranAt: new Date().toISOString(),
        quick,
        machine,
        ms: Math.round(performance.now() - started),
        measurements,
      }
      await writeFile(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n')
    } catch (error) {
      failed = true
      console.error(`${group}: failed: ${errorMessage(error)}`)
    }
  }
  const machine = describeMachine()
  console.log(`\n${machineLine(machine)}${quick ? ' (quick)' : ''}\n`)
  console.log(renderTable(fresh))
  const missed = fresh.filter((m) => m.met === false)
  console.log(
    `\n${fresh.length} measurements, ${missed.length} goal(s) not met; written to bench/results.json`,
  )
  return failed ? 1 : 0

  function runGroup(group: Group): Promise<Measurement[]> {
    switch (group) {
      case 'overhead':
        return runOverheadBench(config, options)
      case 'releases':
        return runReleasesBench(ROOT, options)
      case 'size':
        return runSizeBench(config, options)
      case 'start-cost':
        return runStartCostBench(config, options)
      case 'inspect':
        return runInspectMeasurements()
      case 'container':
        return runContainerMeasurements(options)
    }
  }
}

process.exitCode = await main(process.argv.slice(2))
