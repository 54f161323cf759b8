import { describe } from 'vitest'
import { defineUpgradeSuite } from './define-upgrade-suite.ts'

// A timeoutMs past what a timer can wait (1e10, for "no limit") reached vitest's hook timer as it was:
// the timer fired at once ("Hook timed out in 10000005000ms") and every test of the suite failed. The
// suite's own `starts` test below passes only if the gate ran to its end.
describe('a suite whose timeoutMs is past what a timer can wait', { timeout: 60_000 }, async () => {
  await defineUpgradeSuite({ snapshots: ['v1.0.0'], checks: ['starts'], timeoutMs: 1e10 })
})
