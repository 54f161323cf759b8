// The gate on an app whose history table is WITHOUT ROWID, with a space and quotes in its names: its
// snapshots are regenerated at run time into a temporary folder, and the current release passes every
// check, refuses-newer included (it adds its unknown migration without a rowid to order by).
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runGate } from '../../harness/checks/run-gate.ts'
import { loadConfig } from '../../harness/config/load-config.ts'
import type { Config } from '../../harness/config/types.ts'
import { regenerateSnapshots } from '../../harness/snapshots/regenerate-snapshots.ts'
import { HISTORY } from './make-init-db.ts'

const HERE = import.meta.dirname
let work: { path: string; cleanup: () => Promise<void> }
let config: Config

beforeAll(async () => {
  work = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-odd-history-' })
  const release = (n: number) => ({
    name: `v${n}.0.0`,
    version: `${n}.0.0`,
    target: { module: path.join(HERE, `release-${n}.ts`) },
  })
  const file = path.join(work.path, 'upgrade-harness.config.json')
  await writeFile(
    file,
    JSON.stringify({
      snapshots: 'snapshots',
      target: { module: path.join(HERE, 'release-3.ts') },
      history: HISTORY,
      releases: [release(1), release(2)],
      concurrency: 4,
    }),
  )
  config = await loadConfig(file)
  const regenerated = await regenerateSnapshots(config)
  expect(regenerated.ok).toBe(true)
})
afterAll(() => work.cleanup())

describe('an app whose history table is WITHOUT ROWID, with odd names', { timeout: 120_000 }, () => {
  test('the current release passes every check on every snapshot', async () => {
    const report = await runGate(config)
    const failed = report.results.filter((r) => r.status === 'fail')
    expect(failed.map((r) => `${r.snapshot} › ${r.check}: ${r.message}`)).toEqual([])
    const refused = report.results.filter((r) => r.check === 'refuses-newer')
    expect(refused.map((r) => r.message)).toEqual(
      refused.map(() =>
        expect.stringMatching(
          /^refused migration 9999_from_a_newer_release and left the file unchanged: .*unknown migrations 9999_from_a_newer_release/,
        ),
      ),
    )
  })
})
