// The vitest entry of upgrade-harness (`upgrade-harness/vitest`): the suite builder that turns the
// config into the upgrade matrix, and schema matchers for hand-written scenario tests.

export { defineUpgradeSuite, DEFAULT_SUITE_TIMEOUT_MS } from './define-upgrade-suite.ts'
export type { UpgradeSuiteOptions } from './define-upgrade-suite.ts'
export { schemaMatchers, DEFAULT_MATCHER_HISTORY } from './matchers.ts'
export type {
  DatabaseLike,
  ColumnExpectation,
  IndexExpectation,
  SchemaMatchers,
} from './schema-matchers-types.ts'
