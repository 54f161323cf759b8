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
})
