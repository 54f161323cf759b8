// Ignore rules are data with a reason: one that matches an accepted difference lets matches-fresh pass
// and says so; one that matches nothing is reported, so ignore lists cannot rot.
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { runGate } from '../harness/checks/run-gate.ts'
import { loadConfig } from '../harness/config/load-config.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const DRIFTING = { module: path.join(ROOT, 'scenarios/known-bad/variants/matches-fresh.ts') }

describe('schema ignore rules', { timeout: 60_000 }, () => {
  test('an accepted difference passes matches-fresh, saying it was accepted', async () => {
    const config = await loadConfig(path.join(ROOT, 'upgrade-harness.config.ts'))
    const rule = {
      object: 'index idx_notes_visibility',
      reason: 'only new installs need it; added to old ones in 0005',
    }
    const report = await runGate(
      { ...config, schema: { ...config.schema, ignore: [rule] } },
      { target: DRIFTING, snapshots: ['v1.0.0'], checks: ['starts', 'matches-fresh'] },
    )
    const result = report.results.find((r) => r.check === 'matches-fresh')
    expect(result?.status, result?.message).toBe('pass')
    expect(result?.message).toContain('1 difference accepted by ignore rules')
    expect(report.warnings).toEqual([])
  })

  test('a rule that matches nothing is reported as a warning', async () => {
    const config = await loadConfig(path.join(ROOT, 'upgrade-harness.config.ts'))
    const rule = { object: 'table legacy_sessions', reason: 'dropped in 0003' }
    const report = await runGate(
      { ...config, schema: { ...config.schema, ignore: [rule] } },
      { snapshots: ['v1.0.0'], checks: ['starts', 'matches-fresh'] },
    )
    expect(report.ok).toBe(true)
    expect(report.warnings).toEqual([
      'schema ignore rule for table legacy_sessions matched nothing ("dropped in 0003")',
    ])
  })
})
