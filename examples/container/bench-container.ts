/**
 * What one container check costs: a bare `docker run --rm --network none` of a node image against the
 * container target's `start()` of the same image on a working copy. Run with
 * `tsx examples/container/bench-container.ts`; the bench runner imports {@link runContainerBench}.
 */
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'

import { dir } from 'tmp-promise'

import { registerDir, releaseDir } from '../../harness/targets/process/child-registry.ts'
import { prepareContainerTarget } from '../../harness/targets/container/prepare-container-target.ts'
import { TEST_NODE_IMAGE, buildTestNodeImage } from '../../harness/targets/container/test-image.ts'

const run = promisify(execFile)

/** Starts measured per case; the median is reported. */
export const BENCH_ROUNDS = 7
/**
 * What the container runs: node starting and exiting, so the cost measured is the container's own. The
 * database's path is an argument node ignores (a container target's command must name its database).
 */
const COMMAND = ['node', '-e', '', '{db}']
const DATA_DIR = '/data'

/** One measured case. */
export interface ContainerBenchResult {
  name: string
  medianMs: number
}

/** Measure both ways of starting a container; needs a Docker engine (the `docker` CLI for the first). */
export async function runContainerBench(rounds = BENCH_ROUNDS): Promise<ContainerBenchResult[]> {
  await buildTestNodeImage()
  const results: ContainerBenchResult[] = []
  const cli = await run('docker', ['version']).then(
    () => true,
    () => false,
  )
  if (cli) {
    results.push({
      name: 'docker run --rm --network none (node -e "")',
      medianMs: await median(rounds, async () => {
        const command = COMMAND.map((arg) => arg.replace('{db}', `${DATA_DIR}/db.sqlite`))
        await run('docker', ['run', '--rm', '--network', 'none', TEST_NODE_IMAGE, ...command])
      }),
    })
  }
  const folder = await dir({ unsafeCleanup: true })
  // Removed on Ctrl-C too: a signal runs no finally.
  registerDir(folder.path)
  try {
    const db = path.join(folder.path, 'db.sqlite')
    await writeFile(db, '')
    const spec = { image: TEST_NODE_IMAGE, command: COMMAND, dataDir: DATA_DIR }
    await using target = await prepareContainerTarget(spec, { rootDir: folder.path, timeoutMs: 30_000 })
    results.push({
      name: 'container target start() (node -e "")',
      medianMs: await median(rounds, async () => {
        const outcome = await target.start(db)
        if (!outcome.ok) throw new Error(`bench start failed: ${outcome.error}`)
      }),
    })
  } finally {
    await folder.cleanup()
    releaseDir(folder.path)
  }
  return results
}

async function median(rounds: number, once: () => Promise<void>): Promise<number> {
  await once() // warm-up: first use of the image and of the engine connection
  const times: number[] = []
  for (let i = 0; i < rounds; i++) {
    const started = performance.now()
    await once()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return Math.round(times[Math.floor(times.length / 2)] ?? 0)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await runContainerBench())
    console.log(`${result.name}: ${result.medianMs} ms (median)`)
}
