import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

import { describe, expect, test } from 'vitest'

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
const TEMP_FOLDER = new URL('./temp-folder.ts', import.meta.url).href
const SCRATCH = new URL('../harness/inspect/scratch-databases.ts', import.meta.url).href

// A bench in miniature: it makes its temporary folder (with a link out of it, as the release chain's
// node_modules/better-sqlite3), says where, and waits to be interrupted. Its `await using` never ends.
const BENCH = `import { symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { makeTempFolder } from '${TEMP_FOLDER}'
import { scratchDatabases } from '${SCRATCH}'
const [outside, report] = process.argv.slice(2)
await using folder = await makeTempFolder(['link'])
await symlink(outside, path.join(folder.path, 'link'), 'dir')
await writeFile(path.join(folder.path, 'db.sqlite'), 'a large generated database')
await using dbs = await scratchDatabases()
dbs.build('CREATE TABLE t (a)')
await writeFile(report, JSON.stringify([folder.path, dbs.dir]))
await new Promise(() => setInterval(() => {}, 1000))
`

describe('bench temporary folders', { timeout: 20_000 }, () => {
  test.for(['SIGINT', 'SIGTERM'] as const)(
    'are removed when the bench is ended by %s, and what a link in them points at is kept',
    async (signal) => {
      const work = await mkdtemp(path.join(os.tmpdir(), 'bench-temp-folder-test-'))
      try {
        const outside = path.join(work, 'outside')
        await writeFile(path.join(work, 'bench.mts'), BENCH)
        await mkdir(outside)
        await writeFile(path.join(outside, 'keep'), 'kept')
        const report = path.join(work, 'report.json')
        const bench = spawn(process.execPath, ['--import', TSX, 'bench.mts', outside, report], {
          cwd: work,
          stdio: 'inherit',
          // Its temporary folders inside ours, so that even a failing run leaves nothing behind.
          env: { ...process.env, TMPDIR: work },
        })
        await using _stop = { [Symbol.asyncDispose]: async () => void bench.kill('SIGKILL') }
        const ended = new Promise<string | null>((done) => bench.once('exit', (_code, sig) => done(sig)))
        let exited = false
        void ended.then(() => (exited = true))
        while (!existsSync(report) && !exited) await new Promise((done) => setTimeout(done, 20))
        const folders = JSON.parse(await readFile(report, 'utf8')) as string[]
        expect(folders.every((f) => existsSync(f))).toBe(true)

        bench.kill(signal)
        expect(await ended).toBe(signal)
        expect(
          folders.filter((f) => existsSync(f)),
          'left behind after the bench was interrupted',
        ).toEqual([])
        expect(await readFile(path.join(outside, 'keep'), 'utf8')).toBe('kept')
      } finally {
        await rm(work, { recursive: true, force: true })
      }
    },
  )
})
