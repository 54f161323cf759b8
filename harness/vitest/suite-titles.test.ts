import { describe, expect, test } from 'vitest'
import { defineUpgradeSuite } from './define-upgrade-suite.ts'

// vitest reads `%o`, `%d`, `%s`... in a title template as formats: a label in the template came out as
// `50undefinedff`, matched no describe, and its tests failed with "no result for v1.0.0 › starts".
describe('a target label with a % in it', { timeout: 60_000 }, async () => {
  await defineUpgradeSuite({ snapshots: ['v1.0.0'], checks: ['starts'], targetLabel: 'canary 50%off' })
  test('titles its describe as written', ({ task }) => {
    expect(task.suite!.tasks.map((t) => t.name)).toContain('v1.0.0 → canary 50%off')
  })
})
