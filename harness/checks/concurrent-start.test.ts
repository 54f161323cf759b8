import Database from 'better-sqlite3'
import { dir } from 'tmp-promise'
import { describe, expect, test } from 'vitest'
import { validateConfig } from '../config/validate-config.ts'
import { prepareModuleTarget } from '../targets/module/module-target.ts'
import { makeTestPackage } from '../targets/test-package.ts'
import { concurrentStartCheck } from './concurrent-start.ts'
import type { CheckContext } from './types.ts'

// An app whose history is one row, the version it is at (golang-migrate's `schema_migrations`, Alembic's
// `alembic_version`): its row count is 1 before the upgrade and after. Each of its three steps is a
// write transaction of its own, slow enough that the others return while the first is still at work.
const APP = `import Database from 'better-sqlite3'
const STEPS = 3
function upgrade(db: Database.Database): void {
  for (;;) {
    db.exec('BEGIN IMMEDIATE')
    const at = db.prepare('SELECT version FROM schema_version').pluck().get() as number
    if (at >= STEPS) return void db.exec('COMMIT')
    db.exec(\`CREATE TABLE step_\${at + 1} (n)\`)
    db.exec(\`WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 150000) INSERT INTO step_\${at + 1} SELECT n FROM s\`)
    db.prepare('UPDATE schema_version SET version = ?').run(at + 1)
    db.exec('COMMIT')
  }
}
export function initDb(path: string): void {
  const db = new Database(path)
  try { upgrade(db) } finally { db.close() }
}
export function initDbGivesUp(path: string): void {
  const db = new Database(path, { timeout: 0 })
  try { upgrade(db) } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error
    if (db.inTransaction) db.exec('ROLLBACK')
  } finally { db.close() }
}
`

async function check(exportName: string) {
  await using pkg = await makeTestPackage({ 'init-db.ts': APP })
  await using folder = await dir({ unsafeCleanup: true }).then((d) => ({
    path: d.path,
    [Symbol.asyncDispose]: () => d.cleanup(),
  }))
  const snapshotPath = `${folder.path}/snapshot.sqlite`
  const db = new Database(snapshotPath)
  db.pragma('journal_mode = WAL')
  db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (0)')
  db.close()
  await using target = await prepareModuleTarget(
    { module: 'init-db.ts', export: exportName },
    { rootDir: pkg.path, timeoutMs: 20_000 },
  )
  const upgradedPath = `${folder.path}/upgraded.sqlite`
  const copy = new Database(snapshotPath)
  await copy.backup(upgradedPath)
  copy.close()
  await target.start(upgradedPath)
  const context = {
    config: validateConfig(
      { target: { module: 'a.ts' }, history: { table: 'schema_version', column: 'version' }, concurrency: 4 },
      'c.json',
    ),
    snapshot: { dbPath: snapshotPath },
    target,
    upgraded: { dbPath: upgradedPath },
  } as unknown as CheckContext
  return await concurrentStartCheck.run(context)
}

describe('concurrent-start', { timeout: 60_000 }, () => {
  test('a start that gives up and returns is caught where the history is one row, the version', async () => {
    const outcome = await check('initDbGivesUp')
    expect(outcome.status, outcome.message).toBe('fail')
    expect(outcome.message).toMatch(/returned from the start-up before the upgrade was done/)
  })

  test('starts that wait for one another pass', async () => {
    const outcome = await check('initDb')
    expect(outcome, outcome.message).toMatchObject({ status: 'pass' })
  })
})
