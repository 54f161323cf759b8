// Ignore rules are data with a reason: one that matches an accepted difference lets matches-fresh pass
// and says so; one that matches nothing is reported, so ignore lists cannot rot. Data rules likewise.
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

describe('data rules', { timeout: 60_000 }, () => {
  test('a rule that matches nothing is reported as a warning; one a snapshot needs is not', async () => {
    const config = await loadConfig(path.join(ROOT, 'upgrade-harness.config.ts'))
    const data = {
      ...config.data,
      // The config's own rule for tokens stays: v0.9.5's upgrade drops its plain-text tokens.
      allowLoss: [...config.data.allowLoss, { table: 'notes', reason: 'notes lose nothing' }],
      allowChange: [
        { table: 'notes', column: 'updated_at', reason: 'a column that exists' },
        { table: 'notes', column: 'title', reason: 'a column that never existed' },
      ],
    }
    const report = await runGate(
      { ...config, data },
      { snapshots: ['v0.9.5'], checks: ['starts', 'data-preserved'] },
    )
    expect(report.ok).toBe(true)
    expect(report.warnings).toEqual([
      'data allowLoss rule for table notes matched nothing ("notes lose nothing")',
      'data allowChange rule for column notes.title matched nothing ("a column that never existed")',
    ])
  })

  test('no warning when data-preserved did not run', async () => {
    const config = await loadConfig(path.join(ROOT, 'upgrade-harness.config.ts'))
    const data = { ...config.data, allowLoss: [{ table: 'notes', reason: 'notes lose nothing' }] }
    const report = await runGate({ ...config, data }, { snapshots: ['v0.9.5'], checks: ['starts'] })
    expect(report.warnings).toEqual([])
  })
})
