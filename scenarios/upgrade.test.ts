// The gate on the reference app, as vitest tests: a describe per snapshot, a test per check, built from
// upgrade-harness.config.ts by the same engine as `npm run gate`.
import { defineUpgradeSuite } from '../harness/vitest/define-upgrade-suite.ts'

await defineUpgradeSuite()
