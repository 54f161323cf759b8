import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'

import { dir } from 'tmp-promise'
import { beforeAll, describe, expect, test } from 'vitest'

import { InputError } from '../../errors.ts'
import type { ContainerTargetSpec } from '../target.ts'
import { connectContainerEngine, containerEngineStatus } from './container-engine.ts'
import { HARNESS_LABEL, HARNESS_LABEL_VALUE } from './container-labels.ts'
import { prepareContainerTarget } from './prepare-container-target.ts'
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, ownerLabels } from './sweep-leftover-containers.ts'
import { TEST_NODE_IMAGE, buildTestNodeImage } from './test-image.ts'

const engine = await containerEngineStatus()
// CI sets this: there the suite must run, so a missing engine fails it instead of skipping it.
const skip = !engine.reachable && process.env.UPGRADE_HARNESS_REQUIRE_DOCKER !== '1'
if (skip) console.warn(`container target tests skipped: no Docker engine: ${engine.reason}`)

const PREPARE = { rootDir: process.cwd(), timeoutMs: 20_000 }

/** A spec running `script` with node in the test image; the database path is `process.argv[1]`. */
function nodeSpec(script: string, extra: Partial<ContainerTargetSpec> = {}): ContainerTargetSpec {
  return { image: TEST_NODE_IMAGE, command: ['node', '-e', script, '{db}'], dataDir: '/data', ...extra }
}

async function workingCopy(): Promise<{ db: string } & AsyncDisposable> {
  const folder = await dir({ unsafeCleanup: true })
  const db = path.join(folder.path, 'db.sqlite')
  await writeFile(db, 'before')
  return { db, [Symbol.asyncDispose]: () => folder.cleanup() }
}

/** Containers this process (or the process `pid`) started that still exist. */
async function ownContainers(pid = process.pid): Promise<string[]> {
  const docker = (await connectContainerEngine()).container.dockerode
  const found = await docker.listContainers({
    all: true,
    filters: { label: [`${OWNER_PID_LABEL}=${pid}`] },
  })
  return found.map((info) => info.Id)
}

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
const PREPARE_MODULE = new URL('./prepare-container-target.ts', import.meta.url).href

/** A harness in miniature: it starts a container that marks the database file, then runs on. */
const MINI_HARNESS = `import { prepareContainerTarget } from '${PREPARE_MODULE}'
const script = "require('fs').writeFileSync(process.argv[1], 'running'); setTimeout(() => {}, 60000)"
const spec = { image: '${TEST_NODE_IMAGE}', command: ['node', '-e', script, '{db}'], dataDir: '/data' }
const target = await prepareContainerTarget(spec, { rootDir: process.cwd(), timeoutMs: 60_000 })
void target.start(process.argv[1])
setInterval(() => {}, 1000)
`

// Checked before the engine is asked, so this needs none.
test.for(['data', './data', '/', '/data/..'])(
  'dataDir %j is refused once at prepare, not at every start',
  async (dataDir) => {
    const prepared = prepareContainerTarget(nodeSpec('', { dataDir }), PREPARE)
    await expect(prepared).rejects.toThrow(InputError)
    await expect(prepared).rejects.toThrow(
      `container:${TEST_NODE_IMAGE}: dataDir "${dataDir}" must be an absolute folder inside the container, other than "/" (e.g. "/data")`,
    )
  },
)

test('a command without {db} is refused once at prepare: the container could not know the file to open', async () => {
  const prepared = prepareContainerTarget({ ...nodeSpec(''), command: ['node', '/app/start.js'] }, PREPARE)
  await expect(prepared).rejects.toThrow(InputError)
  await expect(prepared).rejects.toThrow(
    `container:${TEST_NODE_IMAGE}: no argument of the command holds {db}, the database file to open`,
  )
})

describe.skipIf(skip)(
  skip ? `container target (skipped: no Docker engine: ${engine.reason})` : 'container target',
  { timeout: 120_000 },
  () => {
    beforeAll(buildTestNodeImage, 120_000)

    test('exit 0 is success; the file written inside stays readable and removable by the harness', async () => {
      await using copy = await workingCopy()
      const script = `require('fs').appendFileSync(process.argv[1], '+' + process.env.GREETING); require('fs').writeFileSync(process.argv[1] + '-wal', 'w')`
      await using target = await prepareContainerTarget(
        nodeSpec(script, { env: { GREETING: 'hi' } }),
        PREPARE,
      )
      const run = await target.start(copy.db)
      expect(run).toMatchObject({ ok: true, exitCode: 0, timedOut: false })
      expect(await readFile(copy.db, 'utf8')).toBe('before+hi')
      await rm(`${copy.db}-wal`)
      expect(await ownContainers()).toEqual([])
    })

    test('a working copy whose folder path holds a colon is mounted (a TMPDIR such as /tmp/ci:1)', async () => {
      await using copy = await workingCopy()
      const folder = path.join(path.dirname(copy.db), 'ci:1')
      await mkdir(folder)
      const db = path.join(folder, 'db.sqlite')
      await writeFile(db, 'before')
      const script = `require('fs').appendFileSync(process.argv[1], '+after')`
      await using target = await prepareContainerTarget(nodeSpec(script), PREPARE)
      const run = await target.start(db)
      expect(run.error).toBeUndefined()
      expect(await readFile(db, 'utf8')).toBe('before+after')
    })

    test('a working copy removed before its container is created is not made again by the engine', async () => {
      await using copy = await workingCopy()
      const gone = path.join(path.dirname(copy.db), 'removed')
      await using target = await prepareContainerTarget(nodeSpec(''), PREPARE)
      const run = await target.start(path.join(gone, 'db.sqlite'))
      expect(run.ok).toBe(false)
      expect(existsSync(gone)).toBe(false)
    })

    test('a failing start is data, with the last lines of its log quoted', async () => {
      await using copy = await workingCopy()
      const script = `console.log('migrating'); console.error('SqliteError: no such column: token_hash'); process.exit(1)`
      await using target = await prepareContainerTarget(nodeSpec(script), PREPARE)
      const run = await target.start(copy.db)
      expect(run).toMatchObject({ ok: false, exitCode: 1, timedOut: false })
      expect(run.error).toContain('exited with code 1')
      expect(run.error).toContain('no such column: token_hash')
      expect(run.stdout).toBe('migrating\n')
      expect(await ownContainers()).toEqual([])
    })

    test('an exit code of 128 + n names signal n', async () => {
      await using copy = await workingCopy()
      await using target = await prepareContainerTarget(nodeSpec('process.exit(137)'), PREPARE)
      const run = await target.start(copy.db)
      expect(run).toMatchObject({ ok: false, exitCode: 137 })
      expect(run.error).toBe(
        `container ${TEST_NODE_IMAGE} exited with code 137 (128 + 9: what a process ended by SIGKILL gives)`,
      )
    })

    test('the container has no network but loopback', async () => {
      await using copy = await workingCopy()
      const script = `console.log(Object.keys(require('os').networkInterfaces()).join(','))`
      await using target = await prepareContainerTarget(nodeSpec(script), PREPARE)
      const run = await target.start(copy.db)
      expect(run.ok).toBe(true)
      expect(run.stdout.trim()).toBe('lo')
    })

    test('a start past its time limit is killed and its container removed', async () => {
      await using copy = await workingCopy()
      await using target = await prepareContainerTarget(
        nodeSpec(`console.log('waiting'); setTimeout(() => {}, 60000)`),
        PREPARE,
      )
      const run = await target.start(copy.db, { timeoutMs: 1_500 })
      expect(run).toMatchObject({ ok: false, timedOut: true })
      expect(run.error).toContain('timed out after 1500 ms')
      expect(run.ms).toBeLessThan(10_000)
      expect(await ownContainers()).toEqual([])
    })

    test('killAfterMs interrupts a start on purpose (interrupted), and removes its container', async () => {
      await using copy = await workingCopy()
      await using target = await prepareContainerTarget(
        nodeSpec(`console.log('migrating'); setTimeout(() => {}, 60000)`),
        PREPARE,
      )
      const run = await target.start(copy.db, { killAfterMs: 1_000 })
      expect(run).toMatchObject({
        ok: false,
        timedOut: false,
        signal: 'SIGKILL',
        error: 'killed after 1000 ms (as asked)',
      })
      expect(run.ms).toBeLessThan(10_000)
      expect(await ownContainers()).toEqual([])
    })

    test('with readyLog, the ready line is success and the server is stopped', async () => {
      await using copy = await workingCopy()
      const script = `console.log('ready'); process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000)`
      await using target = await prepareContainerTarget(nodeSpec(script, { readyLog: 'ready' }), PREPARE)
      const run = await target.start(copy.db)
      expect(run).toMatchObject({ ok: true, timedOut: false })
      expect(run.ms).toBeLessThan(10_000)
      expect(await ownContainers()).toEqual([])
    })

    test('with readyLog, exiting before the ready line is a failure', async () => {
      await using copy = await workingCopy()
      await using target = await prepareContainerTarget(
        nodeSpec(`console.log('bye')`, { readyLog: 'ready' }),
        PREPARE,
      )
      const run = await target.start(copy.db)
      expect(run.ok).toBe(false)
      expect(run.error).toContain('before logging "ready"')
    })

    test('when the harness is interrupted, its running containers are removed', async () => {
      await using copy = await workingCopy()
      const harness = spawn(
        process.execPath,
        ['--import', TSX, '--input-type=module', '-e', MINI_HARNESS, copy.db],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      )
      await using _stop = { [Symbol.asyncDispose]: async () => void harness.kill('SIGKILL') }
      let running = true
      const ended = new Promise((done) =>
        harness.once('exit', (_code, signal) => {
          running = false
          done(signal)
        }),
      )
      while (running && (await readFile(copy.db, 'utf8')) !== 'running') await sleep(50)
      expect(await ownContainers(harness.pid)).toHaveLength(1)
      harness.kill('SIGINT')
      expect(await ended).toBe('SIGINT')
      const until = Date.now() + 15_000
      while ((await ownContainers(harness.pid)).length > 0 && Date.now() < until) await sleep(200)
      expect(await ownContainers(harness.pid)).toEqual([])
    })

    test('a missing image is one clear InputError, not a pull', async () => {
      const spec = nodeSpec('', { image: 'upgrade-harness/app:9.9.9' })
      const prepared = prepareContainerTarget(spec, PREPARE)
      await expect(prepared).rejects.toThrow(InputError)
      await expect(prepared).rejects.toThrow(
        'image "upgrade-harness/app:9.9.9" not found locally (build it with npm run images)',
      )
    })

    test('an image name the engine cannot parse is named as such, not as a missing engine', async () => {
      const prepared = prepareContainerTarget(nodeSpec('', { image: 'Upgrade-Harness/App:current' }), PREPARE)
      await expect(prepared).rejects.toThrow(InputError)
      await expect(prepared).rejects.toThrow(
        /^image "Upgrade-Harness\/App:current" cannot be looked up in the engine: .*invalid reference format/,
      )
    })

    test('prepare sweeps labelled leftovers of dead runs and keeps those of live ones', async () => {
      const docker = (await connectContainerEngine()).container.dockerode
      const gone = spawnSync('true').pid
      const create = (pid: number) =>
        docker.createContainer({
          Image: TEST_NODE_IMAGE,
          Cmd: ['node', '-e', ''],
          Labels: { [HARNESS_LABEL]: HARNESS_LABEL_VALUE, ...ownerLabels(), [OWNER_PID_LABEL]: String(pid) },
          HostConfig: { NetworkMode: 'none' },
        })
      const leftover = await create(gone)
      const live = await create(process.pid)
      try {
        await using _target = await prepareContainerTarget(nodeSpec(''), PREPARE)
        const left = await docker.listContainers({ all: true, filters: { label: [`${OWNER_HOST_LABEL}`] } })
        const ids = left.map((info) => info.Id)
        expect(ids).not.toContain(leftover.id)
        expect(ids).toContain(live.id)
      } finally {
        await live.remove({ force: true })
        await leftover.remove({ force: true }).catch(() => undefined)
      }
    })
  },
)
