import { describe, expect, test } from 'vitest'
import { validateConfig } from '../config/validate-config.ts'
import type { DataComparison } from '../data/types.ts'
import type { CheckResult } from './types.ts'
import { unusedRuleWarnings } from './unused-rule-warnings.ts'

const config = validateConfig(
  {
    target: { module: 'app.ts' },
    data: { allowLoss: [{ table: 'tokens', reason: 'plain-text tokens dropped' }] },
  },
  '/project/c.json',
  'c.json',
)

/** A data-preserved result that ran on `snapshot` and compared tokens, lost rows allowed by the rule or not. */
function compared(snapshot: string, allowed: boolean): CheckResult {
  const details: DataComparison = {
    ok: true,
    beforeLabel: 'before',
    afterLabel: 'after',
    tables: [
      {
        table: 'tokens',
        status: allowed ? 'allowed' : 'same',
        lost: allowed ? 3 : 0,
        added: 0,
        lostSamples: [],
        addedSamples: [],
        columns: ['id'],
        excludedColumns: [],
        droppedColumns: [],
        ...(allowed && { allowedBy: { list: 'allowLoss' as const, index: 0 } }),
      },
    ],
  }
  return { snapshot, check: 'data-preserved', status: 'pass', ms: 1, message: 'ok', details }
}

describe('unused rule warnings', () => {
  test('a rule no snapshot of the run used is a warning', () => {
    expect(unusedRuleWarnings(config, [compared('v1.0.0', false)])).toEqual([
      'data allowLoss rule for table tokens matched nothing ("plain-text tokens dropped")',
    ])
  })

  test('a rule used on one snapshot is no warning', () => {
    expect(unusedRuleWarnings(config, [compared('v0.9.5', true), compared('v1.0.0', false)])).toEqual([])
  })

  test('a snapshot whose check did not run may have needed the rule: no warning', () => {
    const notRun: CheckResult = {
      snapshot: 'v0.9.5',
      check: 'data-preserved',
      status: 'skip',
      ms: 0,
      message: 'skipped: the target did not start (SqliteError: no such column: token_hash)',
    }
    expect(unusedRuleWarnings(config, [notRun, compared('v1.0.0', false)])).toEqual([])
  })
})
