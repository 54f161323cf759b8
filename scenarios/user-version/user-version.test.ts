// The gate on an app whose history is `PRAGMA user_version`: its snapshots are regenerated at run time
// into a temporary folder, the current release passes every check, and one that forgets to record its
// version fails `history`.
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runGate } from '../../harness/checks/run-gate.ts'
import { loadConfig } from '../../harness/config/load-config.ts'
import type { Config } from '../../harness/config/types.ts'
import { regenerateSnapshots } from '../../harness/snapshots/regenerate-snapshots.ts'

const HERE = import.meta.dirname
let work: { path: string; cleanup: () => Promise<void> }
let config: Config

beforeAll(async () => {
  work = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-user-version-' })
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
      history: { pragma: 'user_version' },
      releases: [release(1), release(2)],
      concurrency: 4,
    }),
  )
  config = await loadConfig(file)
  const regenerated = await regenerateSnapshots(config)
  expect(regenerated.ok).toBe(true)
})
afterAll(() => work.cleanup())

describe('an app with a user_version history', { timeout: 120_000 }, () => {
  test('the current release passes every check on every snapshot', async () => {
    const report = await runGate(config)
    const failed = report.results.filter((r) => r.status === 'fail')
    expect(failed.map((r) => `${r.snapshot} › ${r.check}: ${r.message}`)).toEqual([])
    const passed = report.results.filter((r) => r.status === 'pass').map((r) => r.check)
    expect(passed).toEqual(expect.arrayContaining(['history', 'refuses-newer', 'interrupted', 'disk-full']))
  })

  test('a release that never records its version fails history', async () => {
    const report = await runGate(config, {
      target: { module: path.join(HERE, 'forgets-version.ts') },
      snapshots: ['v2.0.0'],
      checks: ['starts', 'history'],
    })
    const history = report.results.find((r) => r.check === 'history')
    expect(history?.status).toBe('fail')
    expect(history?.message).toBe('user_version is 2 after upgrade, 0 on a fresh database')
  })
})
