import { describe, expect, test } from 'vitest'
import { historyProblems, versionProblems } from './history.ts'

const fresh = ['0000_initial', '0001_a', '0002_b']

describe('historyProblems', () => {
  test('passes the same migrations in the same order', () => {
    expect(historyProblems(['0001_a'], fresh, fresh)).toEqual([])
  })
  test.for([
    ['a duplicate', [], ['0000_initial', '0001_a', '0001_a', '0002_b'], 'migration 0001_a recorded 2 times'],
    ['a lost entry', ['0001_old'], fresh, "migration 0001_old was in the snapshot's history and is gone"],
    ['a missing migration', [], ['0000_initial', '0001_a'], 'migration 0002_b missing after upgrade'],
    [
      'an extra migration',
      [],
      [...fresh, '0003_c'],
      'migration 0003_c recorded after upgrade but not on a fresh database',
    ],
    ['another order', [], ['0000_initial', '0002_b', '0001_a'], 'order differs'],
    ['another order after a baseline', ['0001_a'], ['0001_a', '0002_b', '0000_initial'], 'order differs'],
  ] as const)('reports %s', ([, before, after, message]) => {
    const problems = historyProblems([...before], [...after], fresh)
    expect(problems.join('\n')).toContain(message)
  })
})

test("a baseline row recorded after the snapshot's own entries is in order", () => {
  expect(historyProblems(['0001_a'], ['0001_a', '0000_initial', '0002_b'], fresh)).toEqual([])
})

describe('versionProblems (user_version history)', () => {
  test('passes an upgrade to the fresh version', () => {
    expect(versionProblems(['user_version 3'], ['user_version 5'], ['user_version 5'])).toEqual([])
  })
  test('reports a version short of fresh, and one that went back', () => {
    expect(versionProblems(['user_version 3'], ['user_version 4'], ['user_version 5'])).toEqual([
      'user_version is 4 after upgrade, 5 on a fresh database',
    ])
    expect(versionProblems(['user_version 6'], ['user_version 5'], ['user_version 5'])).toEqual([
      'user_version went back from 6 to 5',
    ])
  })
  test('reads a negative user_version as negative (it is a signed 32-bit number)', () => {
    expect(versionProblems(['user_version 0'], ['user_version -5'], ['user_version 5'])).toEqual([
      'user_version is -5 after upgrade, 5 on a fresh database',
      'user_version went back from 0 to -5',
    ])
  })
})
