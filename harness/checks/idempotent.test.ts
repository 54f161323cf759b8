import Database from 'better-sqlite3'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { validateConfig } from '../config/validate-config.ts'
import { fakeTarget } from '../targets/fake-target.ts'
import { concurrentStartCheck } from './concurrent-start.ts'
import { idempotentCheck } from './idempotent.ts'
import type { CheckContext } from './types.ts'

/** A start that applies its one migration once, but stamps every history row with its own time. */
const restampsHistory = fakeTarget((dbPath) => {
  const db = new Database(dbPath)
  try {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (migration_name TEXT PRIMARY KEY, applied_at TEXT)')
    db.exec("INSERT OR IGNORE INTO schema_migrations (migration_name) VALUES ('0001_first')")
    db.prepare('UPDATE schema_migrations SET applied_at = ?').run(`${Date.now()}-${Math.random()}`)
  } finally {
    db.close()
  }
})

let folder: Awaited<ReturnType<typeof dir>>
let context: CheckContext

beforeEach(async () => {
  folder = await dir({ unsafeCleanup: true })
  const snapshotPath = path.join(folder.path, 'snapshot.sqlite')
  new Database(snapshotPath).close()
  const upgradedPath = path.join(folder.path, 'upgraded.sqlite')
  new Database(upgradedPath).close()
  await restampsHistory.start(upgradedPath)
  context = {
    config: validateConfig({ target: { module: 'a.ts' }, concurrency: 2 }, 'c.json'),
    snapshot: { dbPath: snapshotPath },
    target: restampsHistory,
    upgraded: { dbPath: upgradedPath },
  } as unknown as CheckContext
})

afterEach(async () => {
  await folder.cleanup()
})

// The README: history timestamps are left out between starts that each applied migrations at their own
// time, and compared by `idempotent`, where the second start applies nothing.
describe('history timestamps', () => {
  test('idempotent fails a second start that rewrites them', async () => {
    const outcome = await idempotentCheck.run(context)
    expect(outcome.status).toBe('fail')
    expect(outcome.message).toMatch(/second start changed the database: table schema_migrations/)
  })

  test("idempotent's data lines name its two sides, not a bare before and after", async () => {
    const { details } = await idempotentCheck.run(context)
    const { problems } = details as { problems: string[] }
    expect(problems).toContain('data: 1 of 1 tables differ between after first start and after second start')
    expect(problems.join('\n')).toMatch(
      /table schema_migrations: 1 of 1 rows in after second start are new or changed/,
    )
  })

  test('concurrent-start leaves them out', async () => {
    const outcome = await concurrentStartCheck.run(context)
    expect(outcome).toMatchObject({ status: 'pass' })
  })
})
