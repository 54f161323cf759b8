import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { hostname } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { dir } from 'tmp-promise'
import { describe, expect, test } from 'vitest'
import { InputError } from '../errors.ts'
import { lockSnapshotFolder, REGENERATE_LOCK } from './regenerate-lock.ts'

const REGENERATE_LOCK_MODULE = new URL('./regenerate-lock.ts', import.meta.url).href
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

describe('the regenerate lock', { timeout: 20_000 }, () => {
  test('a second holder is refused in one line naming the folder, and the lock goes once released', async () => {
    await using root = await tempDir()
    const first = lockSnapshotFolder(root.path)
    const error = (() => {
      try {
        lockSnapshotFolder(root.path)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toBe(
      `${root.path}: another snapshots regenerate is running there (${path.join(root.path, REGENERATE_LOCK)} holds pid ${process.pid} on ${hostname()}); wait for it, or remove that file if no regenerate is running`,
    )
    first[Symbol.dispose]()
    expect(await readdir(root.path)).toEqual([])
    lockSnapshotFolder(root.path)[Symbol.dispose]()
  })

  test('the lock of a process that is gone is taken over', async () => {
    await using root = await tempDir()
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    await writeFile(path.join(root.path, REGENERATE_LOCK), `${dead} ${hostname()}\n`)
    const lock = lockSnapshotFolder(root.path)
    expect(await readFile(path.join(root.path, REGENERATE_LOCK), 'utf8')).toMatch(
      new RegExp(`^${process.pid} ${hostname()} [0-9a-f]{12}\n$`),
    )
    lock[Symbol.dispose]()
    expect(await readdir(root.path)).toEqual([])
  })

  test('a takeover claim whose run was killed outright is taken over too, and nothing is left of either', async () => {
    await using root = await tempDir()
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    const stale = `${dead} ${hostname()}\n`
    await writeFile(path.join(root.path, REGENERATE_LOCK), stale)
    // What a run SIGKILLed between making its claim and removing the stale lock leaves.
    const claim = `${REGENERATE_LOCK}.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`
    await writeFile(path.join(root.path, claim), `${dead} ${hostname()} 0123456789ab\n`)
    const lock = lockSnapshotFolder(root.path)
    expect(await readdir(root.path)).toEqual([REGENERATE_LOCK])
    lock[Symbol.dispose]()
    expect(await readdir(root.path)).toEqual([])
  })

  test('a takeover claim of a live run, or of another host, is never taken over: the lock is refused', async () => {
    await using root = await tempDir()
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    const stale = `${dead} ${hostname()}\n`
    const claim = path.join(
      root.path,
      `${REGENERATE_LOCK}.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`,
    )
    for (const holder of [
      `${process.pid} ${hostname()} 0123456789ab\n`,
      `${dead} elsewhere.example 0123456789ab\n`,
    ]) {
      await writeFile(path.join(root.path, REGENERATE_LOCK), stale)
      await writeFile(claim, holder)
      expect(() => lockSnapshotFolder(root.path)).toThrow(InputError)
      expect(await readFile(claim, 'utf8')).toBe(holder)
    }
  })

  test.for([
    ['of another host', (pid: number) => `${pid} elsewhere.example\n`, 'holds pid'],
    ['still being written (empty)', () => '', 'holds no pid yet'],
  ] as const)(
    'a lock %s is never taken over: its process cannot be seen from here',
    async ([, text, says]) => {
      await using root = await tempDir()
      const dead = spawnSync(process.execPath, ['-e', '0']).pid
      await writeFile(path.join(root.path, REGENERATE_LOCK), text(dead))
      expect(() => lockSnapshotFolder(root.path)).toThrow(says)
      expect(await readFile(path.join(root.path, REGENERATE_LOCK), 'utf8')).toBe(text(dead))
    },
  )

  test('releasing a lock that was taken over leaves the new holder its lock', async () => {
    await using root = await tempDir()
    const lock = lockSnapshotFolder(root.path)
    await writeFile(path.join(root.path, REGENERATE_LOCK), `1 elsewhere.example\n`)
    lock[Symbol.dispose]()
    expect(await readFile(path.join(root.path, REGENERATE_LOCK), 'utf8')).toBe(`1 elsewhere.example\n`)
  })

  test.for(['SIGINT', 'SIGTERM'] as const)(
    'a harness interrupted by %s while holding the lock removes it',
    async (signal) => {
      await using root = await tempDir()
      const script = path.join(root.path, 'hold.mts')
      await writeFile(
        script,
        [
          `import { lockSnapshotFolder } from '${REGENERATE_LOCK_MODULE}'`,
          `lockSnapshotFolder(${JSON.stringify(root.path)})`,
          `console.log('locked')`,
          `setInterval(() => {}, 1000)`,
        ].join('\n'),
      )
      const child = spawn(process.execPath, ['--import', TSX, script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      await using _stop = { [Symbol.asyncDispose]: async () => void child.kill('SIGKILL') }
      await new Promise((done) => child.stdout.once('data', done))
      expect(existsSync(path.join(root.path, REGENERATE_LOCK))).toBe(true)
      const ended = new Promise<string | null>((done) => child.once('exit', (_code, s) => done(s)))
      child.kill(signal)
      expect(await ended).toBe(signal)
      expect(await readdir(root.path)).toEqual(['hold.mts'])
    },
  )
})

async function tempDir(): Promise<{ path: string } & AsyncDisposable> {
  const made = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-lock-' })
  return { path: made.path, [Symbol.asyncDispose]: () => made.cleanup() }
}
