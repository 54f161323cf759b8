import Database from 'better-sqlite3'
import path from 'node:path'
import { dir, type DirectoryResult } from 'tmp-promise'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { compareStates } from '../checks/compare-states.ts'
import { dataPreservedCheck } from '../checks/data-preserved.ts'
import type { CheckContext, CheckResult } from '../checks/types.ts'
import { validateConfig } from '../config/validate-config.ts'
import { failureDetail } from './failure-detail.ts'

let folder: DirectoryResult
let before: string
let after: string
const config = validateConfig({ target: { module: 'app.ts' } }, '/project/c.json', 'c.json')

/** Two databases whose tables `a` and `b` both lost a row: two problems, each on its own line. */
beforeAll(async () => {
  folder = await dir({ unsafeCleanup: true })
  before = path.join(folder.path, 'before.sqlite')
  after = path.join(folder.path, 'after.sqlite')
  for (const [file, rows] of [
    [before, 3],
    [after, 2],
  ] as const) {
    const db = new Database(file)
    db.exec(
      'CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT); CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT)',
    )
    for (let i = 1; i <= rows; i++) db.prepare('INSERT INTO a VALUES (?, ?), (?, ?)').run(i, 'x', i + 10, 'y')
    for (let i = 1; i <= rows; i++) db.prepare('INSERT INTO b VALUES (?, ?)').run(i, 'z')
    db.close()
  }
})
afterAll(() => folder.cleanup())

const result = (check: CheckResult['check'], message: string, details: unknown): CheckResult => ({
  snapshot: 'v1',
  check,
  status: 'fail',
  ms: 1,
  message,
  details,
})

describe('failure detail', () => {
  test('data-preserved counts the other tables that differ, and the detail names every one', async () => {
    const db = new Database(after, { readonly: true })
    const outcome = await dataPreservedCheck
      .run({
        config,
        original: { dbPath: before },
        upgraded: { dbPath: after, connection: () => db },
      } as unknown as CheckContext)
      .finally(() => db.close())
    expect(outcome.status).toBe('fail')
    expect(outcome.message).toMatch(/^table a: 2 of 6 rows lost or changed, e\.g\. .* \(and 1 more table\)$/)
    const detail = failureDetail(result('data-preserved', outcome.message, outcome.details))
    expect(detail).toMatch(/^table a: 2 of 6 rows lost or changed/m)
    expect(detail).toMatch(/^table b: 1 of 3 rows lost or changed/m)
  })

  test('a comparison of two states (idempotent, concurrent-start) keeps every problem for the detail', () => {
    const { problems, details } = compareStates(config, { dbPath: before }, after, {
      expected: 'after first start',
      actual: 'after second start',
    })
    expect(problems.length).toBeGreaterThan(1)
    const detail = failureDetail(result('idempotent', `${problems[0]} (and more)`, details))
    for (const problem of problems) expect(detail).toContain(problem)
  })

  test('concurrent-start names every distinct error of the processes that failed, not only the first', () => {
    const run = (error?: string) => ({ ok: error === undefined, ms: 5, ...(error && { error }) })
    const runs = [run('SqliteError: database is locked'), run(), run('SqliteError: table a already exists')]
    const detail = failureDetail(
      result('concurrent-start', 'round 1: 2 of 3 processes failed: SqliteError: database is locked', {
        runs,
      }),
    )
    expect(detail).toBe(
      '1 process failed: SqliteError: database is locked\n1 process failed: SqliteError: table a already exists',
    )
    // One error shared by all: the message says it all.
    expect(failureDetail(result('concurrent-start', 'm', { runs: [run('e'), run('e')] }))).toBeUndefined()
  })
})
