import { describe, expect, test } from 'vitest'
import type { TargetRun } from '../targets/target.ts'
import { historyOnReturnQuery, returnedEarly } from './returned-early.ts'

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
  test("the query reads the history table's names, or user_version", () => {
    expect(historyOnReturnQuery(TABLE)).toBe('SELECT "migration_name" FROM "schema_migrations"')
    expect(historyOnReturnQuery({ pragma: 'user_version' })).toBe('PRAGMA user_version')
  })

  test('a start that returned with less history than the end is named, with what it lacked', () => {
    const runs = [run({ values: ['c', 'a', 'b'] }), run({ values: ['a'] })]
    expect(returnedEarly(runs, TABLE, ['a', 'b', 'c'])).toBe(
      'process 2 of 2 returned from the start-up before the upgrade was done (the history held 1 of the 3 entries it held once every process had ended, not b, c): a start that finds another process upgrading must wait for it (busy_timeout), not return as if done',
    )
    expect(returnedEarly([run({ values: ['2'] })], { pragma: 'user_version' }, ['user_version 5'])).toMatch(
      /\(user_version was 2, 5 once every process had ended\)/,
    )
  })

  test('a history of one row, the version, is judged by its value, not its rows', () => {
    const spec = { table: 'schema_version', column: 'version' }
    expect(returnedEarly([run({ values: ['3'] })], spec, ['5'])).toMatch(
      /the history held 0 of the 1 entries it held once every process had ended, not 5\)/,
    )
    expect(returnedEarly([run({ values: ['5'] })], spec, ['5'])).toBeUndefined()
  })

  test('a history table or column not there yet as it returned counts as empty', () => {
    expect(returnedEarly([run({ error: 'no such table: schema_migrations' })], TABLE, ['a'])).toMatch(
      /the history held 0 of the 1 entries/,
    )
    expect(returnedEarly([run({ error: 'no such column: migration_name' })], TABLE, ['a'])).toMatch(
      /the history held 0 of the 1 entries/,
    )
  })

  test('every start that returned with the whole history, or whose read failed or never ran, passes', () => {
    const runs = [run({ values: ['a', 'b'] }), run({ error: 'database is locked' }), run()]
    expect(returnedEarly(runs, TABLE, ['a', 'b'])).toBeUndefined()
  })
})
