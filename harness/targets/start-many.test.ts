import { expect, test } from 'vitest'

import { startMany } from './start-many.ts'
import type { Target, TargetRun } from './target.ts'

const OK: TargetRun = { ok: true, ms: 1, exitCode: 0, signal: null, timedOut: false, stdout: '', stderr: '' }

test('a target without startMany gets parallel starts', async () => {
  const started: string[] = []
  const bare: Target = {
    description: 'bare',
    start: async (path) => {
      started.push(path)
      return OK
    },
    [Symbol.asyncDispose]: async () => {},
  }
  expect(await startMany(bare, 'x.db', 2)).toEqual([OK, OK])
  expect(started).toEqual(['x.db', 'x.db'])
})
