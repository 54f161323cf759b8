// The gate on an app that reads its settings in the main thread and migrates in a worker thread: the
// statement hooks see the main thread's statements, not the upgrade. interrupted must kill it at moments:
// killing between the statements it sees would never interrupt the upgrade. disk-full must say that it
// cannot fill the worker's disk, rather than fail a start that never felt the cap.
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { runGate } from '../../../harness/checks/run-gate.ts'
import { MIGRATIONS_TABLE, useRegeneratedApp } from '../regenerated-app.ts'

const app = useRegeneratedApp({
  folder: import.meta.dirname,
  releases: 3,
  history: MIGRATIONS_TABLE,
})

describe(
  'an app that starts in the main thread and migrates in a worker thread',
  { timeout: 120_000 },
  () => {
    test('interrupted kills it at moments, not between the statements the hooks see', async () => {
      const report = await runGate(app().config, { snapshots: ['v1.0.0'], checks: ['starts', 'interrupted'] })
      const interrupted = report.results.find((r) => r.check === 'interrupted')
      expect(interrupted?.status, interrupted?.message).toBe('pass')
      expect(interrupted?.message).toMatch(/of 8 moments and restarted/)
    })

    test('disk-full says it cannot fill the disk of a worker thread, rather than fail a start that never felt the cap', async () => {
      const report = await runGate(app().config, { snapshots: ['v1.0.0'], checks: ['starts', 'disk-full'] })
      expect(report.results.find((r) => r.check === 'disk-full')).toMatchObject({
        status: 'skip',
        message: expect.stringContaining('grew the database past the cap without an error'),
      })
    })

    test('interrupted rejects a release whose worker records each migration in a transaction of its own', async () => {
      const report = await runGate(app().config, {
        snapshots: ['v1.0.0'],
        checks: ['starts', 'interrupted'],
        target: { module: path.join(import.meta.dirname, 'not-atomic.ts') },
      })
      const interrupted = report.results.find((r) => r.check === 'interrupted')
      expect(interrupted?.status, interrupted?.message).toBe('fail')
      expect(interrupted?.message).toMatch(
        /kill points broke the upgrade: killed after \d+ ms: the next start failed: .*(duplicate column name|already exists)/,
      )
    })
  },
)
