// The gate on an app whose history is `PRAGMA user_version`: its snapshots are regenerated at run time
// into a temporary folder, the current release passes every check, and one that forgets to record its
// version fails `history`.
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { runGate } from '../../../harness/checks/run-gate.ts'
import { useRegeneratedApp } from '../regenerated-app.ts'

const HERE = import.meta.dirname
const app = useRegeneratedApp({ folder: HERE, releases: 3, history: { pragma: 'user_version' } })

describe('an app with a user_version history', { timeout: 120_000 }, () => {
  test('the current release passes every check on every snapshot', async () => {
    const report = await runGate(app().config)
    const failed = report.results.filter((r) => r.status === 'fail')
    expect(failed.map((r) => `${r.snapshot} › ${r.check}: ${r.message}`)).toEqual([])
    const passed = report.results.filter((r) => r.status === 'pass').map((r) => r.check)
    expect(passed).toEqual(expect.arrayContaining(['history', 'refuses-newer', 'interrupted', 'disk-full']))
  })

  test('a release that never records its version fails history', async () => {
    const report = await runGate(app().config, {
      target: { module: path.join(HERE, 'forgets-version.ts') },
      snapshots: ['v2.0.0'],
      checks: ['starts', 'history'],
    })
    const history = report.results.find((r) => r.check === 'history')
    expect(history?.status).toBe('fail')
    expect(history?.message).toBe('user_version is 2 after upgrade, 0 on a fresh database')
  })
})
