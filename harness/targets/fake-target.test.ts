import { expect, test } from 'vitest'

import { fakeTarget } from './fake-target.ts'
import { startMany } from './start-many.ts'

test('runs the behaviour in-process and reports a throw as data', async () => {
  const seen: string[] = []
  await using target = fakeTarget((path) => {
    seen.push(path)
    if (path === 'bad.db') throw new TypeError('no such column: token_hash')
  })
  expect(await target.start('good.db')).toMatchObject({ ok: true, exitCode: 0 })
  expect(await target.start('bad.db')).toMatchObject({
    ok: false,
    error: 'TypeError: no such column: token_hash',
  })
  expect((await startMany(target, 'many.db', 3)).map((run) => run.ok)).toEqual([true, true, true])
  expect(seen).toEqual(['good.db', 'bad.db', 'many.db', 'many.db', 'many.db'])
  expect(target.description).toBe('fake:in-process')
})
