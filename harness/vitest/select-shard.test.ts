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
