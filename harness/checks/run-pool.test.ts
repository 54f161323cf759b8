import { describe, expect, test } from 'vitest'

import { runPool } from './run-pool.ts'

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

describe('runPool', () => {
  test('keeps the order of the items, at most `limit` at once', async () => {
    let running = 0
    let most = 0
    const results = await runPool([30, 10, 20, 0], 2, async (ms) => {
      most = Math.max(most, ++running)
      await sleep(ms)
      running--
      return ms * 2
    })
    expect(results).toEqual([60, 20, 40, 0])
    expect(most).toBe(2)
  })

  test('a failure starts nothing more, and rejects once the work already running has settled', async () => {
    const log: string[] = []
    const pool = runPool(['fails', 'slow', 'never'], 2, async (item) => {
      log.push(`start ${item}`)
      if (item === 'fails') throw new Error(`"${item}" failed`)
      await sleep(100)
      log.push(`end ${item}`)
    })
    await expect(pool).rejects.toThrow('"fails" failed')
    // What rejected the pool is the first failure, reported after "slow" was done with what it used.
    expect(log).toEqual(['start fails', 'start slow', 'end slow'])
  })
})
