import { describe, expect, test } from 'vitest'
import { historyProblems } from './history.ts'

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
