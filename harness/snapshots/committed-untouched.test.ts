import Database from 'better-sqlite3'
import path from 'node:path'
import { dir, type DirectoryResult } from 'tmp-promise'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Config } from '../config/types.ts'
import { compareData } from '../data/compare-data.ts'
import type { Target, TargetRun } from '../targets/target.ts'
import { hashFolder } from './hash-folder.ts'
import { loadCatalogue } from './load-catalogue.ts'
import { regenerateSnapshots } from './regenerate-snapshots.ts'
import { verifySnapshot } from './verify-snapshot.ts'
import { createWorkingCopy } from './working-copy.ts'
import { writeSnapshot } from './write-snapshot.ts'

let folder: DirectoryResult
let snapshots: string

/** A release whose database is in WAL mode: opening such a file, even read-only, can leave sidecars. */
function initDb(db: Database.Database): void {
  db.pragma('journal_mode = WAL')
  db.exec(`CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT);
    INSERT INTO notes (body) VALUES ('kept as committed');`)
}

const twin: Target = {
  description: 'module:twin',
  async start(dbPath: string): Promise<TargetRun> {
    const db = new Database(dbPath)
    initDb(db)
    db.close()
    return { ok: true, ms: 0, exitCode: 0, signal: null, timedOut: false, stdout: '', stderr: '' }
  },
  [Symbol.asyncDispose]: async () => {},
}

beforeEach(async () => {
  folder = await dir({ unsafeCleanup: true })
  snapshots = path.join(folder.path, 'snapshots')
  const source = path.join(folder.path, 'source.sqlite')
  const db = new Database(source)
  initDb(db)
  db.close()
  await writeSnapshot({ dbPath: source, dir: path.join(snapshots, 'v1.0.0'), version: '1.0.0' })
})
afterEach(() => folder.cleanup())

describe('committed snapshots', { timeout: 60_000 }, () => {
  test('are byte-identical, with no file added, after every snapshot function has used them', async () => {
    const before = await hashFolder(snapshots)
    const [snapshot] = await loadCatalogue(snapshots)
    await verifySnapshot(snapshot!, { rowCounts: true }) // as `snapshots verify` does
    {
      await using copy = await createWorkingCopy(snapshot!)
      const db = new Database(copy.dbPath)
      db.exec(`INSERT INTO notes (body) VALUES ('changed in the copy')`)
      db.close()
      await using pristine = await createWorkingCopy(snapshot!)
      expect(compareData(pristine.dbPath, copy.dbPath, { bidirectional: true }).ok).toBe(false)
    }
    const config: Config = {
      file: path.join(folder.path, 'upgrade-harness.config.ts'),
      rootDir: folder.path,
      snapshots,
      target: { module: 'twin.ts' },
      history: { pragma: 'user_version' },
      migrations: undefined,
      data: { allowLoss: [], allowChange: [], volatile: [] },
      schema: { strictColumnOrder: false, comparePageSize: false, ignore: [] },
      releases: [{ name: 'v1.0.0', version: '1.0.0', target: { module: 'twin.ts' } }],
      timeoutMs: 30_000,
      budgetMs: undefined,
      concurrency: 2,
      checks: { skip: [] },
    }
    const check = await regenerateSnapshots(config, { check: true, prepareTarget: async () => twin })
    expect(check.snapshots[0]?.differences).toEqual([])
    expect(await hashFolder(snapshots)).toEqual(before)
  })
})
