import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { dir } from 'tmp-promise'
import { describe, expect, test } from 'vitest'
import { removeStaging, stagingFolder, swapFolders } from './swap-folder.ts'

const SWAP_FOLDER = new URL('./swap-folder.ts', import.meta.url).href
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

describe('staging folders', { timeout: 20_000 }, () => {
  test('a staged folder replaces the old one whole, and nothing hidden is left beside it', async () => {
    await using root = await tempDir()
    const target = path.join(root.path, 'v1')
    await mkdir(target)
    await writeFile(path.join(target, 'db.sqlite'), 'old')
    const staged = stagingFolder(target)
    await mkdir(staged)
    await writeFile(path.join(staged, 'db.sqlite'), 'new')
    await swapFolders([{ staged, target }])
    await removeStaging(staged)
    expect(await readFile(path.join(target, 'db.sqlite'), 'utf8')).toBe('new')
    expect(await readdir(root.path)).toEqual(['v1'])
  })

  test('when one folder cannot be swapped in, those swapped before it are put back', async () => {
    await using root = await tempDir()
    const [first, second] = [path.join(root.path, 'v1'), path.join(root.path, 'v2')]
    for (const target of [first, second]) {
      await mkdir(target)
      await writeFile(path.join(target, 'db.sqlite'), 'committed')
    }
    const staged = stagingFolder(first)
    await mkdir(staged)
    await writeFile(path.join(staged, 'db.sqlite'), 'new')
    const missing = stagingFolder(second) // never made: its rename fails
    await expect(
      swapFolders([
        { staged, target: first },
        { staged: missing, target: second },
      ]),
    ).rejects.toThrow(/ENOENT/)
    for (const target of [first, second])
      expect(await readFile(path.join(target, 'db.sqlite'), 'utf8')).toBe('committed')
    expect(await readFile(path.join(staged, 'db.sqlite'), 'utf8')).toBe('new')
    await removeStaging(staged)
    await removeStaging(missing)
    expect(await readdir(root.path)).toEqual(['v1', 'v2'])
  })

  test.for(['SIGINT', 'SIGTERM'] as const)(
    'a harness interrupted by %s while staging removes the staged folder and leaves the old one',
    async (signal) => {
      await using root = await tempDir()
      const target = path.join(root.path, 'v1')
      await mkdir(target)
      await writeFile(path.join(target, 'db.sqlite'), 'committed')
      const script = path.join(root.path, 'stage.mts')
      await writeFile(
        script,
        [
          `import { mkdirSync, writeFileSync } from 'node:fs'`,
          `import { stagingFolder } from '${SWAP_FOLDER}'`,
          `const staged = stagingFolder(${JSON.stringify(target)})`,
          `mkdirSync(staged)`,
          `writeFileSync(staged + '/db.sqlite', 'half written')`,
          `console.log(staged)`,
          `setInterval(() => {}, 1000)`,
        ].join('\n'),
      )
      const child = spawn(process.execPath, ['--import', TSX, script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      await using _stop = { [Symbol.asyncDispose]: async () => void child.kill('SIGKILL') }
      const staged = await new Promise<string>((done) =>
        child.stdout.once('data', (d) => done(String(d).trim())),
      )
      expect(existsSync(staged)).toBe(true)
      const ended = new Promise<string | null>((done) => child.once('exit', (_code, s) => done(s)))
      child.kill(signal)
      expect(await ended).toBe(signal)
      expect(existsSync(staged)).toBe(false)
      expect(await readdir(root.path)).toEqual(['stage.mts', 'v1'])
      expect(await readFile(path.join(target, 'db.sqlite'), 'utf8')).toBe('committed')
    },
  )
})

async function tempDir(): Promise<{ path: string } & AsyncDisposable> {
  const made = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-swap-' })
  return { path: made.path, [Symbol.asyncDispose]: () => made.cleanup() }
}
