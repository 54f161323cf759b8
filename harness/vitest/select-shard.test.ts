import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { selectShard } from './define-upgrade-suite.ts'

describe('selectShard', () => {
  const names = ['a', 'b', 'c', 'd', 'e']
  test('splits the snapshots so every one lands in exactly one shard', () => {
    const shards = [1, 2, 3].map((i) => selectShard(names, `${i}/3`))
    expect(shards).toEqual([['a', 'd'], ['b', 'e'], ['c']])
    expect(shards.flat().sort()).toEqual(names)
  })
  test('takes all without a shard', () => {
    expect(selectShard(names, undefined)).toEqual(names)
  })
  test.for(['0/3', '4/3', 'x', '1/0'])('refuses %s', (shard) => {
    expect(() => selectShard(names, shard)).toThrow(/expected i\/n/)
  })
})

describe('a shard with no snapshots', () => {
  // More shards than snapshots (5 reference snapshots, shard 6 of 6): the job passes with a skipped test.
  test('passes, saying so, instead of failing for want of tests', { timeout: 60_000 }, async () => {
    const root = path.resolve(import.meta.dirname, '../..')
    const vitest = path.join(root, 'node_modules/vitest/vitest.mjs')
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [vitest, 'run', 'scenarios/upgrade.test.ts'],
      {
        cwd: root,
        env: { ...process.env, UPGRADE_HARNESS_SHARD: '6/6', NO_COLOR: '1' },
      },
    )
    expect(stdout).toMatch(/Tests\s+1 skipped/)
  })
})
