import { describe, expect, test } from 'vitest'
import { HarnessResourceError } from '../errors.ts'
import type { Target, TargetRun } from '../targets/target.ts'
import { guardResources } from './resource-guard.ts'

/** A target whose every start ends as `run` says. */
function endingAs(run: Partial<TargetRun>): Target {
  return {
    description: 'module:app.ts#initDb',
    start: async () =>
      ({
        ok: false,
        ms: 3,
        exitCode: null,
        signal: null,
        timedOut: false,
        stdout: '',
        stderr: '',
        ...run,
      }) as TargetRun,
    [Symbol.asyncDispose]: async () => {},
  } as unknown as Target
}

describe('guardResources', () => {
  test.for([
    ['file descriptors', 'could not start: spawn /usr/bin/node EMFILE'],
    ['processes', 'could not start: spawn /usr/bin/node EAGAIN'],
  ])(
    'a start the system would not spawn for want of %s stops the run as the harness’s trouble',
    async ([what, error]) => {
      const start = guardResources(endingAs({ error })).start('/tmp/x/db.sqlite')
      await expect(start).rejects.toBeInstanceOf(HarnessResourceError)
      await expect(start).rejects.toThrow(`the system is out of ${what} for the harness`)
    },
  )

  test("the target's own failure stays its result", async () => {
    const run = await guardResources(endingAs({ error: 'initDb failed: no such column: token_hash' })).start(
      '/tmp/x/db.sqlite',
    )
    expect(run).toMatchObject({ ok: false, error: 'initDb failed: no such column: token_hash' })
  })
})
