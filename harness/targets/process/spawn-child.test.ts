import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { describe, expect, test } from 'vitest'

import { prepareModuleTarget } from '../module/module-target.ts'
import { makeTestPackage, processGone } from '../test-package.ts'
import { liveGroupCount } from './child-registry.ts'
import { spawnChild } from './spawn-child.ts'

// Each export writes its own pid (and any grandchild's) to `<db>.pids` so the test can check they are gone.
const FILES = {
  'targets.ts': `import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'

function hang(): Promise<void> {
  return new Promise(() => setInterval(() => {}, 1000))
}

function forkSleeper(path: string): void {
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' })
  writeFileSync(path + '.pids', JSON.stringify([process.pid, sleeper.pid]))
}

export function hangs(path: string): Promise<void> {
  writeFileSync(path + '.pids', JSON.stringify([process.pid]))
  return hang()
}

export function forksAndHangs(path: string): Promise<void> {
  forkSleeper(path)
  return hang()
}

export function forksAndReturns(path: string): void {
  forkSleeper(path)
}

export function ignoresSigterm(path: string): Promise<void> {
  process.on('SIGTERM', () => {})
  writeFileSync(path + '.pids', JSON.stringify([process.pid]))
  return hang()
}

export function exitsWithStatus(): void {
  process.stdout.write('progress\\n')
  process.stderr.write('warming up\\nfatal: config missing\\n')
  process.exit(3)
}

export function segfaults(): void {
  process.kill(process.pid, 'SIGSEGV')
}

export function chatty(): void {
  for (let i = 0; i < 5000; i++) process.stdout.write('line ' + i + ' ' + 'x'.repeat(100) + '\\n')
}
`,
}

const TIMEOUT_MS = 400

async function prepare(exportName: string) {
  const pkg = await makeTestPackage(FILES)
  const target = await prepareModuleTarget(
    { module: 'targets.ts', export: exportName },
    { rootDir: pkg.path, timeoutMs: TIMEOUT_MS },
  )
  return {
    pkg,
    target,
    pids: (): number[] => JSON.parse(readFileSync(pkg.file('app.db.pids'), 'utf8')) as number[],
    [Symbol.asyncDispose]: async () => {
      await target[Symbol.asyncDispose]()
      await pkg[Symbol.asyncDispose]()
    },
  }
}

describe('child processes', { timeout: 20_000 }, () => {
  test.for(['hangs', 'forksAndHangs', 'ignoresSigterm'])(
    'a target that %s is killed at the timeout with everything it started',
    async (exportName) => {
      await using setup = await prepare(exportName)
      const run = await setup.target.start(setup.pkg.file('app.db'))
      expect(run).toMatchObject({ ok: false, timedOut: true, signal: 'SIGKILL' })
      expect(run.error).toBe(`timed out after ${TIMEOUT_MS} ms (killed)`)
      expect(run.ms).toBeGreaterThanOrEqual(TIMEOUT_MS)
      for (const pid of setup.pids()) expect(await processGone(pid)).toBe(true)
      expect(liveGroupCount()).toBe(0)
    },
  )

  test('a start outlives no harness killed outright (SIGKILL): it ends with what it forked', async () => {
    await using setup = await prepare('forksAndHangs')
    // A harness of its own, to be killed: it starts the target and waits, far from its timeout.
    const harness = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { prepareModuleTarget } from ${JSON.stringify(fileURLToPath(new URL('../module/module-target.ts', import.meta.url)))}
        const target = await prepareModuleTarget({ module: 'targets.ts', export: 'forksAndHangs' }, { rootDir: ${JSON.stringify(setup.pkg.path)}, timeoutMs: 60000 })
        await target.start(${JSON.stringify(setup.pkg.file('app.db'))})`,
      ],
      { stdio: 'ignore' },
    )
    const pidsFile = setup.pkg.file('app.db.pids')
    for (let waited = 0; !existsSync(pidsFile) || readFileSync(pidsFile, 'utf8') === ''; waited += 20) {
      expect(waited).toBeLessThan(10_000)
      await new Promise((done) => setTimeout(done, 20))
    }
    harness.kill('SIGKILL')
    for (const pid of setup.pids()) expect(await processGone(pid, 3000)).toBe(true)
  })

  test('a grandchild left running by a target that returned does not outlive the start', async () => {
    await using setup = await prepare('forksAndReturns')
    const run = await setup.target.start(setup.pkg.file('app.db'))
    expect(run.ok).toBe(true)
    const [, grandchild] = setup.pids()
    expect(grandchild).toBeDefined()
    expect(await processGone(grandchild ?? 0)).toBe(true)
  })

  test('an exit status quotes the last line of stderr', async () => {
    await using setup = await prepare('exitsWithStatus')
    const run = await setup.target.start(setup.pkg.file('app.db'))
    expect(run).toMatchObject({
      ok: false,
      exitCode: 3,
      error: 'exited with status 3: fatal: config missing',
    })
    expect(run.stdout).toBe('progress\n')
  })

  test('a signal is named', async () => {
    await using setup = await prepare('segfaults')
    const run = await setup.target.start(setup.pkg.file('app.db'))
    expect(run).toMatchObject({ ok: false, signal: 'SIGSEGV', error: 'killed by SIGSEGV' })
  })

  test('killAfterMs kills the start at a chosen moment', async () => {
    await using setup = await prepare('hangs')
    const run = await setup.target.start(setup.pkg.file('app.db'), { timeoutMs: 5000, killAfterMs: 150 })
    expect(run).toMatchObject({ ok: false, timedOut: false, signal: 'SIGKILL' })
    expect(run.error).toMatch(/^killed after \d+ ms \(as asked\)$/)
    expect(run.ms).toBeLessThan(5000)
  })

  test('output is kept bounded, newest last', async () => {
    await using setup = await prepare('chatty')
    const run = await setup.target.start(setup.pkg.file('app.db'), { timeoutMs: 10_000 })
    expect(run.ok).toBe(true)
    expect(run.stdout.length).toBeLessThanOrEqual(64 * 1024)
    expect(run.stdout.length).toBeGreaterThan(60 * 1024)
    expect(run.stdout.endsWith(`line 4999 ${'x'.repeat(100)}\n`)).toBe(true)
  })

  test('a file that cannot be spawned is an exit with a reason, not a throw', async () => {
    const exit = await spawnChild({ file: '/nonexistent/tool', args: [], timeoutMs: 1000 }).exit
    expect(exit).toMatchObject({ exitCode: null, signal: null, timedOut: false })
    expect(exit.spawnError).toMatch(/ENOENT/)
  })

  test('a module child spawned without file descriptors left is an exit with a reason, not a crash', () => {
    // Node cannot lower its own descriptor limit, so the probe runs in a shell that does (ulimit -n).
    const probe = `
      import { openSync, closeSync } from 'node:fs'
      import { spawnChild } from ${JSON.stringify(fileURLToPath(new URL('./spawn-child.ts', import.meta.url)))}
      const fds = []
      try { for (;;) fds.push(openSync('/dev/null', 'r')) } catch {}
      let spawned
      try {
        spawned = spawnChild({ file: process.execPath, args: ['-e', ''], channel: true, timeoutMs: 5000 })
      } finally {
        for (const fd of fds) closeSync(fd)
      }
      const exit = await spawned.exit
      process.stdout.write(JSON.stringify({ spawnError: exit.spawnError }))
    `
    const result = spawnSync(
      'sh',
      ['-c', 'ulimit -n 64 && exec "$0" --import tsx --input-type=module -e "$1"', process.execPath, probe],
      { encoding: 'utf8', timeout: 20_000 },
    )
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({ spawnError: expect.stringMatching(/EMFILE/) })
  })

  test('a time limit beyond what a timer holds is not a timeout at once', async () => {
    const exit = await spawnChild({ file: 'true', args: [], timeoutMs: Number.MAX_SAFE_INTEGER }).exit
    expect(exit).toMatchObject({ exitCode: 0, timedOut: false })
  })
})
