import { expect, test } from 'vitest'

import { targetEnvironment } from './target-environment.ts'

test("drops what vitest added, keeps the rest and a NODE_ENV that is the user's", () => {
  const underVitest = {
    VITEST: 'true',
    VITEST_POOL_ID: '1',
    TEST: 'true',
    MODE: 'test',
    DEV: '1',
    PATH: '/bin',
  }
  expect(targetEnvironment({ ...underVitest, NODE_ENV: 'test' })).toEqual({ PATH: '/bin' })
  expect(targetEnvironment({ ...underVitest, NODE_ENV: 'production' })).toEqual({
    PATH: '/bin',
    NODE_ENV: 'production',
  })
})

test('outside vitest the environment is passed as it is', () => {
  const env = { NODE_ENV: 'test', MODE: 'test', PATH: '/bin' }
  expect(targetEnvironment(env)).toBe(env)
})
