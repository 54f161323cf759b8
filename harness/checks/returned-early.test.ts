import { describe, expect, test } from 'vitest'
import type { TargetRun } from '../targets/target.ts'
import { historyProgressQuery, returnedEarly } from './returned-early.ts'

const TABLE = { table: 'schema_migrations', column: 'migration_name' }
const run = (onReturn?: TargetRun['onReturn']): TargetRun => ({
  ok: true,
  ms: 1,
  exitCode: 0,
  signal: null,
  timedOut: false,
  stdout: '',
  stderr: '',
  ...(onReturn && { onReturn }),
})

describe('returnedEarly', () => {
  test('the query counts the history table, or reads user_version', () => {
    expect(historyProgressQuery(TABLE)).toBe('SELECT count(*) FROM "schema_migrations"')
    expect(historyProgressQuery({ pragma: 'user_version' })).toBe('PRAGMA user_version')
  })

  test('a start that returned with less history than the end is named, with both counts', () => {
    const runs = [run({ value: 3 }), run({ value: 1 })]
    expect(returnedEarly(runs, TABLE, ['a', 'b', 'c'])).toBe(
      'process 2 of 2 returned from the start-up before the upgrade was done (the history held 1 of the 3 entries it held once every process had ended): a start that finds another process upgrading must wait for it (busy_timeout), not return as if done',
    )
    expect(returnedEarly([run({ value: 2 })], { pragma: 'user_version' }, ['user_version 5'])).toMatch(
      /\(user_version was 2, 5 once every process had ended\)/,
    )
  })

  test('a history table not there yet as it returned counts as empty', () => {
    expect(returnedEarly([run({ error: 'no such table: schema_migrations' })], TABLE, ['a'])).toMatch(
      /the history held 0 of the 1 entries/,
    )
  })

  test('every start that returned with the whole history, or whose read failed or never ran, passes', () => {
    const runs = [run({ value: 2 }), run({ error: 'database is locked' }), run()]
    expect(returnedEarly(runs, TABLE, ['a', 'b'])).toBeUndefined()
  })
})
