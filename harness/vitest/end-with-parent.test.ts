import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { dir } from 'tmp-promise'
import { describe, expect, test } from 'vitest'
import { processAlive } from '../targets/process/child-registry.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** Polls `ready` every 100 ms for up to `ms`; true once it holds. */
async function within(ms: number, ready: () => boolean): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (ready()) return true
  return ready()
}

describe(
  'a suite whose vitest main process is ended by a signal sent to it alone',
  { timeout: 90_000 },
  () => {
    test('kills its target processes and removes their folders, instead of running on until timeoutMs', async () => {
      const work = await dir({ unsafeCleanup: true })
      const starts = path.join(work.path, 'starts')
      const workerPid = path.join(work.path, 'worker-pid')
      // Each start records its pid and database, then sleeps far past the test's own limit.
      const script = `echo "$$ $0" >> '${starts}'; exec sleep 300`
      await writeFile(
        path.join(work.path, 'upgrade-harness.config.json'),
        JSON.stringify({
          snapshots: path.join(ROOT, 'snapshots'),
          target: { command: ['sh', '-c', script, '{db}'] },
          timeoutMs: 300_000,
        }),
      )
      await writeFile(
        path.join(work.path, 'orphan.test.ts'),
        `import { writeFileSync } from 'node:fs'
      import { defineUpgradeSuite } from ${JSON.stringify(path.join(ROOT, 'harness/vitest/define-upgrade-suite.ts'))}
      writeFileSync(${JSON.stringify(workerPid)}, String(process.pid))
      await defineUpgradeSuite({ config: ${JSON.stringify(path.join(work.path, 'upgrade-harness.config.json'))},
        snapshots: ['v1.0.0'], checks: ['starts'] })`,
      )
      const vitest = spawn(
        process.execPath,
        [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', work.path, '--pool', 'forks'],
        { stdio: 'ignore' },
      )
      const started = (): { pid: number; folder: string }[] =>
        existsSync(starts)
          ? readFileSync(starts, 'utf8')
              .trim()
              .split('\n')
              .map((line) => {
                const [pid, db] = line.split(' ')
                return { pid: Number(pid), folder: path.dirname(db!) }
              })
          : []
      try {
        // The fresh database's start and the snapshot's.
        expect(await within(30_000, () => started().length === 2)).toBe(true)
        // vitest's last task updates out of the way first: a worker that writes to the closed channel dies
        // of it (and cleans up), which hid the bug when the signal came right after the starts.
        await sleep(3_000)
        const worker = Number(readFileSync(workerPid, 'utf8'))
        vitest.kill('SIGINT')
        const ended = await within(
          10_000,
          () =>
            !processAlive(worker) &&
            started().every(({ pid, folder }) => !processAlive(pid) && !existsSync(folder)),
        )
        expect(
          ended,
          `worker ${worker} or a start still there 10 s after vitest ended: ${JSON.stringify(started())}`,
        ).toBe(true)
      } finally {
        // On failure, what was left: the worker's own SIGTERM handler removes its targets and folders.
        vitest.kill('SIGKILL')
        const pid = existsSync(workerPid) ? Number(readFileSync(workerPid, 'utf8')) : undefined
        if (pid !== undefined && processAlive(pid)) process.kill(pid, 'SIGTERM')
        await work.cleanup()
      }
    })
  },
)
