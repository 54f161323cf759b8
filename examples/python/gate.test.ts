import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, test } from 'vitest'
import { CORE_CHECKS } from '../../harness/checks/registry.ts'
import { runGate } from '../../harness/checks/run-gate.ts'
import { loadConfig } from '../../harness/config/load-config.ts'
import type { Config } from '../../harness/config/types.ts'

const EXAMPLE_DIR = fileURLToPath(new URL('.', import.meta.url))

/** rc.1 as it shipped, started by absolute path: a replacement target resolves from the process's cwd. */
const RC1_TARGET = {
  command: ['python3', path.join(EXAMPLE_DIR, 'releases', 'v1.0.0-rc.1', 'init_db.py'), '{db}'],
}

/**
 * The checks that judge a black box in a few process starts; concurrent-start and interrupted start
 * dozens of processes per snapshot and belong to the full `upgrade-harness run`.
 */
const QUICK_CHECKS = [...CORE_CHECKS, 'refuses-newer', 'migrations-unchanged']

const BUG = 'sqlite3.OperationalError: no such column: token_hash'

describe('examples/python: the gate on the Python service', { timeout: 60_000 }, () => {
  let config: Config

  // The committed snapshots, made by `snapshots regenerate` from each release's own init_db.py.
  beforeAll(async () => {
    config = await loadConfig(path.join(EXAMPLE_DIR, 'upgrade-harness.config.json'))
  })

  test('passes the fixed release on every released database', async () => {
    const report = await runGate(config, { checks: QUICK_CHECKS })
    const failed = report.results.filter((r) => r.status === 'fail')
    expect(failed.map((r) => `${r.snapshot} ${r.check}: ${r.message}`)).toEqual([])
    expect(new Set(report.results.map((r) => r.snapshot))).toEqual(
      new Set(['v0.1.0', 'v0.9.5', 'v1.0.0-rc.1']),
    )
    expect(report.ok).toBe(true)
  })

  test('rejects rc.1 on the databases made before it, quoting its OperationalError', async () => {
    const report = await runGate(config, { checks: ['starts'], target: RC1_TARGET })
    const starts = Object.fromEntries(report.results.map((r) => [r.snapshot, r]))
    expect(report.ok).toBe(false)
    for (const name of ['v0.1.0', 'v0.9.5']) {
      expect(starts[name]?.status, name).toBe('fail')
      expect(starts[name]?.message, name).toContain(BUG)
    }
    // Its own fresh installs were fine, which is why it shipped.
    expect(starts['v1.0.0-rc.1']?.status).toBe('pass')
  })

  test('interrupted rejects, as a black box, a release whose migrations are not recorded atomically', async () => {
    const report = await runGate(config, {
      checks: ['starts', 'interrupted'],
      snapshots: ['v0.1.0'],
      // It imports init_db: without this, Python would leave a __pycache__ folder in the example.
      target: {
        command: ['python3', path.join(EXAMPLE_DIR, 'known-bad', 'interrupted_init_db.py'), '{db}'],
        env: { PYTHONDONTWRITEBYTECODE: '1' },
      },
    })
    const interrupted = report.results.find((r) => r.check === 'interrupted')
    expect(interrupted?.status, interrupted?.message).toBe('fail')
    expect(interrupted?.message).toMatch(
      /of 8 kill points broke the upgrade: killed after \d+ ms: the next start failed: .*(duplicate column name|already exists)/,
    )
  })
})
