import path from 'node:path'

import { describe, expect, test } from 'vitest'

import { loadConfig } from '../config/load-config.ts'
import { makeTestPackage } from '../targets/test-package.ts'
import { runGate } from './run-gate.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

// The reference app, except that it will not make a database that is not there yet: every upgrade works,
// and the fresh database, which tells where the migrations begin and end, is never built.
const NO_FRESH = {
  'no-fresh.ts': `import { existsSync } from 'node:fs'
import { initDb as upgrade } from ${JSON.stringify(path.join(ROOT, 'app/init-db.ts'))}
export function initDb(path: string): void {
  if (!existsSync(path)) throw new Error('refusing to create a new database')
  upgrade(path)
}
`,
}

// disk-full-swallowed (a failed migration is logged and the service comes up without it), in an app that
// caps its own database far above its size, as some do: its pragma must not lift the harness's cap.
const SWALLOWS_UNDER_OWN_CAP = {
  'own-cap.ts': `import Database from 'better-sqlite3'
import { readMigrationFiles } from ${JSON.stringify(path.join(ROOT, 'app/migration-files.ts'))}
import { applyPending } from ${JSON.stringify(path.join(ROOT, 'app/migrate.ts'))}
export function initDb(path: string): void {
  const db = new Database(path)
  try {
    db.pragma('max_page_count = 1000000')
    db.pragma('busy_timeout = 5000')
    db.pragma('foreign_keys = OFF')
    applyPending(db, readMigrationFiles(new URL(${JSON.stringify(new URL('app/migrations/', `file://${ROOT}/`).href)})))
  } catch (error) {
    console.error('starting without the pending migrations:', error)
  } finally {
    db.close()
  }
}
`,
}

describe('disk-full', { timeout: 120_000 }, () => {
  test('without a fresh database it is skipped, saying why, not failed for stops "not at a migration boundary"', async () => {
    await using app = await makeTestPackage(NO_FRESH)
    const report = await runGate(await loadConfig(undefined, ROOT), {
      target: { module: app.file('no-fresh.ts') },
      snapshots: ['v1.0.0'],
      checks: ['starts', 'matches-fresh', 'disk-full'],
    })
    expect(report.results.map((r) => [r.check, r.status, r.message])).toEqual([
      ['starts', 'pass', expect.stringMatching(/^started in \d+ ms$/)],
      [
        'matches-fresh',
        'fail',
        'the target fails on an empty database: Error: refusing to create a new database',
      ],
      [
        'disk-full',
        'skip',
        'skipped: the target fails on an empty database, so its migration boundaries are unknown (Error: refusing to create a new database)',
      ],
    ])
  })

  test('an app that sets its own, higher max_page_count still fills up, and swallowing SQLITE_FULL fails', async () => {
    await using app = await makeTestPackage(SWALLOWS_UNDER_OWN_CAP)
    const report = await runGate(await loadConfig(undefined, ROOT), {
      target: { module: app.file('own-cap.ts') },
      snapshots: ['v0.9.5'],
      checks: ['starts', 'disk-full'],
    })
    expect(report.results.map((r) => [r.check, r.status])).toEqual([
      ['starts', 'pass'],
      ['disk-full', 'fail'],
    ])
    expect(report.results[1]?.message).toMatch(
      /^with room for 0 more pages: the start succeeded without growing the database by the \d+ pages the upgrade needs: it went on after a disk-full error/,
    )
  })
})
