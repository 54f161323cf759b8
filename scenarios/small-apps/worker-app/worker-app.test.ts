// The gate on an app whose start-up runs in a worker thread, where the harness's statement hooks cannot
// see it: interrupted falls back to kill moments, disk-full says why it cannot fill the disk, and every
// other check passes.
import { describe, expect, test } from 'vitest'
import { runGate } from '../../../harness/checks/run-gate.ts'
import { MIGRATIONS_TABLE, useRegeneratedApp } from '../regenerated-app.ts'

const app = useRegeneratedApp({
  folder: import.meta.dirname,
  releases: 3,
  history: MIGRATIONS_TABLE,
})

describe('an app that migrates in a worker thread', { timeout: 120_000 }, () => {
  test('fails nothing; interrupted kills at moments and disk-full says why it is skipped', async () => {
    const report = await runGate(app().config, { snapshots: ['v1.0.0'] })
    const failed = report.results.filter((r) => r.status === 'fail')
    expect(failed.map((r) => `${r.check}: ${r.message}`)).toEqual([])
    const result = (check: string) => report.results.find((r) => r.check === check)
    expect(result('disk-full')).toMatchObject({
      status: 'skip',
      message: expect.stringContaining("ran no statement through better-sqlite3 in the target's main thread"),
    })
    expect(result('interrupted')?.message).toMatch(/kill moment|moments? and restarted/)
  })
})
