// The gate on an app whose history table is WITHOUT ROWID, with a space and quotes in its names: its
// snapshots are regenerated at run time into a temporary folder, and the current release passes every
// check, refuses-newer included (it adds its unknown migration without a rowid to order by).
import { describe, expect, test } from 'vitest'
import { runGate } from '../../../harness/checks/run-gate.ts'
import { useRegeneratedApp } from '../regenerated-app.ts'
import { HISTORY } from './make-init-db.ts'

const app = useRegeneratedApp({ folder: import.meta.dirname, releases: 3, history: HISTORY })

describe('an app whose history table is WITHOUT ROWID, with odd names', { timeout: 120_000 }, () => {
  test('the current release passes every check on every snapshot', async () => {
    const report = await runGate(app().config)
    const failed = report.results.filter((r) => r.status === 'fail')
    expect(failed.map((r) => `${r.snapshot} › ${r.check}: ${r.message}`)).toEqual([])
    const refused = report.results.filter((r) => r.check === 'refuses-newer')
    expect(refused).toHaveLength(2)
    for (const r of refused) {
      expect(r.message).toMatch(
        /^refused an unknown migration 9999_from_a_newer_release and left the file unchanged: .*unknown migrations 9999_from_a_newer_release/,
      )
    }
  })
})
