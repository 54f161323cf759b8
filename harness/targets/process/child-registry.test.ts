import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { describe, expect, test } from 'vitest'

import { BUNDLE_CACHE } from '../module/bundle-location.ts'
import { makeTestPackage, processGone } from '../test-package.ts'

const MODULE_TARGET = new URL('../module/module-target.ts', import.meta.url).href
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
// testcontainers loads signal-exit (through proper-lockfile), which adds its own SIGINT and SIGTERM
// listeners: a container target's run has them, and a signal must still end it.
const SIGNAL_EXIT = createRequire(import.meta.url).resolve('proper-lockfile')

// A harness in miniature: it starts a target that never returns, then ends as the test asks.
const FILES = {
  'hang.ts': `import { writeFileSync } from 'node:fs'
export function initDb(path: string): Promise<void> {
  writeFileSync(path + '.pid', String(process.pid))
  return new Promise(() => setInterval(() => {}, 1000))
}
`,
  'daemon.ts': `import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
export function initDb(path: string): void {
  // detached: a session of its own (setsid), out of the start's process group.
  const daemon = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' })
  daemon.unref()
  writeFileSync(path + '.daemon', String(daemon.pid))
}
`,
  'daemon-harness.mts': `import { prepareModuleTarget } from '${MODULE_TARGET}'
const target = await prepareModuleTarget({ module: 'daemon.ts' }, { rootDir: process.cwd(), timeoutMs: 60_000 })
const run = await target.start('app.db')
process.stdout.write(run.ok ? 'started\\n' : 'failed\\n')
process.stdin.once('data', () => process.exit(0))
`,
  'harness.mts': `import { createRequire } from 'node:module'
import { prepareModuleTarget } from '${MODULE_TARGET}'
if (process.argv.includes('--signal-exit')) createRequire(import.meta.url)(${JSON.stringify(SIGNAL_EXIT)})
const target = await prepareModuleTarget({ module: 'hang.ts' }, { rootDir: process.cwd(), timeoutMs: 60_000 })
void target.start('app.db')
process.stdin.once('data', () => process.exit(0))
`,
}

async function waitForFile(path: string, running: () => boolean): Promise<string> {
  while (!existsSync(path) && running()) await new Promise((done) => setTimeout(done, 20))
  return readFileSync(path, 'utf8')
}

describe('child registry', { timeout: 20_000 }, () => {
  test.for([
    ['SIGTERM', false],
    ['SIGINT', false],
    ['exit', false],
    ['SIGTERM', true],
    ['SIGINT', true],
  ] as const)(
    'when the harness ends by %s (signal-exit loaded: %s), its children and bundles go with it',
    async ([ending, signalExit]) => {
      await using pkg = await makeTestPackage(FILES)
      const args = ['--import', TSX, 'harness.mts', ...(signalExit ? ['--signal-exit'] : [])]
      const harness = spawn(process.execPath, args, {
        cwd: pkg.path,
        stdio: ['pipe', 'ignore', 'inherit'],
      })
      await using _stop = { [Symbol.asyncDispose]: async () => void harness.kill('SIGKILL') }
      let running = true
      const ended = new Promise<[number | null, string | null]>((done) =>
        harness.once('exit', (code, signal) => {
          running = false
          done([code, signal])
        }),
      )
      const child = Number(await waitForFile(pkg.file('app.db.pid'), () => running))
      expect(child).toBeGreaterThan(0)
      expect(readdirSync(join(pkg.path, BUNDLE_CACHE))).toHaveLength(1)

      if (ending === 'exit') harness.stdin.write('\n')
      else harness.kill(ending)
      const [code, signal] = await ended
      // A signal still ends the harness the way it would have without the registry.
      expect(ending === 'exit' ? code : signal).toBe(ending === 'exit' ? 0 : ending)
      expect(await processGone(child)).toBe(true)
      expect(readdirSync(join(pkg.path, BUNDLE_CACHE))).toEqual([])
    },
  )

  test("a daemon a module target's start forked out of its group is killed when the harness exits", async () => {
    await using pkg = await makeTestPackage(FILES)
    const harness = spawn(process.execPath, ['--import', TSX, 'daemon-harness.mts'], {
      cwd: pkg.path,
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    await using _stop = { [Symbol.asyncDispose]: async () => void harness.kill('SIGKILL') }
    const ended = new Promise<number | null>((done) => harness.once('exit', done))
    const said = await new Promise<string>((done) =>
      harness.stdout.once('data', (chunk: Buffer) => done(String(chunk))),
    )
    expect(said).toBe('started\n')
    const daemon = Number(readFileSync(pkg.file('app.db.daemon'), 'utf8'))
    // Not swept when the start ends (that would cost every module start): alive until the harness exits.
    expect(await processGone(daemon, 100)).toBe(false)
    harness.stdin.write('\n')
    expect(await ended).toBe(0)
    const gone = await processGone(daemon)
    if (!gone) process.kill(daemon, 'SIGKILL')
    expect(gone).toBe(true)
  })
})
