// The gate on an app whose history table has a rowid id and a UNIQUE name: the current release passes
// every check, refuses-newer included; a release that hangs on a newer database, rather than refusing
// it, fails refuses-newer (a start cut short is not a refusal).
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { runGate } from '../../../harness/checks/run-gate.ts'
import { MIGRATIONS_TABLE, useRegeneratedApp } from '../regenerated-app.ts'

const HERE = import.meta.dirname
const app = useRegeneratedApp({
  folder: HERE,
  releases: 3,
  history: MIGRATIONS_TABLE,
})

describe('an app whose history table has a rowid id and a unique name', { timeout: 120_000 }, () => {
  test('the current release passes every check on every snapshot', async () => {
    const report = await runGate(app().config)
    const failed = report.results.filter((r) => r.status === 'fail')
    expect(failed.map((r) => `${r.snapshot} › ${r.check}: ${r.message}`)).toEqual([])
    expect(report.results.filter((r) => r.check === 'refuses-newer' && r.status === 'pass')).toHaveLength(2)
  })

  test('a release that hangs on a newer database fails refuses-newer', async () => {
    const report = await runGate(
      { ...app().config, timeoutMs: 1500 },
      {
        target: { module: path.join(HERE, 'hangs-on-newer.ts') },
        snapshots: ['v2.0.0'],
        checks: ['refuses-newer'],
      },
    )
    expect(report.results.map((r) => [r.check, r.status, r.message])).toEqual([
      [
        'refuses-newer',
        'fail',
        'initDb did not refuse an unknown migration 9999_from_a_newer_release: timed out after 1500 ms (killed)',
      ],
    ])
  })
})
