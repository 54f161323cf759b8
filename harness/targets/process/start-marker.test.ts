import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { describe, expect, test } from 'vitest'

import { makeTestPackage } from '../test-package.ts'
import { spawnChild } from './spawn-child.ts'

const SPAWN_CHILD = new URL('./spawn-child.ts', import.meta.url).href
// tsx's ESM entry ('tsx/esm/api' resolves to its CommonJS one from here).
const TSX_DIR = dirname(createRequire(import.meta.url).resolve('tsx/package.json'))
const TSX_API = pathToFileURL(join(TSX_DIR, 'dist/esm/api/index.mjs')).href

// Another thread of the same process (vitest's `pool: 'threads'`, a host running gates in workers): it
// shares the harness's pid, so its starts must still carry marks of their own.
const WORKER = `import { register } from '${TSX_API}'
import { parentPort } from 'node:worker_threads'
register()
const { spawnChild } = await import('${SPAWN_CHILD}')
const exit = await spawnChild({ file: 'true', args: [], timeoutMs: 10_000, sweepDaemons: true }).exit
parentPort.postMessage(exit.exitCode)
`

describe('start marker', { timeout: 20_000 }, () => {
  test("a start's sweep and a thread's exit leave another thread's running start alone", async () => {
    await using pkg = await makeTestPackage({ 'worker.mjs': WORKER })
    // The first start of this thread, running while the other thread starts, sweeps and exits.
    const running = spawnChild({ file: 'sleep', args: ['1'], timeoutMs: 10_000 })
    const worker = new Worker(pkg.file('worker.mjs'))
    const workerExit = await new Promise<unknown>((done, fail) => {
      worker.once('message', done)
      worker.once('error', fail)
    })
    await new Promise((done) => worker.once('exit', done))
    expect(workerExit).toBe(0)
    const exit = await running.exit
    expect({ exitCode: exit.exitCode, signal: exit.signal }).toEqual({ exitCode: 0, signal: null })
  })
})
