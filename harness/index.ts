// The public face of upgrade-harness: everything a config, a script or a hand-written test needs.
// The vitest helpers ship from their own entry, `upgrade-harness/vitest`.

export { defineConfig } from './config/define-config.ts'
export { loadConfig } from './config/load-config.ts'
export type {
  Config,
  UserConfig,
  ReleaseSpec,
  HistorySpec,
  DataRule,
  VolatileColumn,
  SchemaIgnoreRule,
} from './config/types.ts'
export { InputError } from './errors.ts'

export { runGate } from './checks/run-gate.ts'
export type { GateReport } from './checks/run-gate.ts'
export { GateSession } from './checks/gate-session.ts'
export type { GateOptions } from './checks/gate-session.ts'
export { CHECK_NAMES } from './checks/check-names.ts'
export type { CheckName } from './checks/check-names.ts'
export type { CheckResult, CheckOutcome, CheckStatus } from './checks/types.ts'
export { readHistory } from './checks/read-history.ts'

export { inspectDatabase } from './inspect/inspect-database.ts'
export { renderSchemaModelText } from './inspect/render-schema-model.ts'
export type { SchemaModel } from './inspect/model.ts'
export { diffSchemas } from './diff/diff-schemas.ts'
export { renderSchemaDiffText, schemaDiffToJson } from './diff/render-schema-diff.ts'
export { renderSchemaDiffMarkdown } from './diff/render-markdown.ts'
export type { SchemaDiff, SchemaDifference, DiffOptions } from './diff/types.ts'

export { compareData } from './data/compare-data.ts'
export { renderDataComparison } from './data/render-data-comparison.ts'
export type { DataComparison, DataCompareOptions } from './data/types.ts'

export { loadCatalogue } from './snapshots/load-catalogue.ts'
export { verifySnapshot } from './snapshots/verify-snapshot.ts'
export { createWorkingCopy, createEmptyWorkingCopy } from './snapshots/working-copy.ts'
export type { WorkingCopy } from './snapshots/working-copy.ts'
export type { Snapshot } from './snapshots/snapshot.ts'
export type { Manifest } from './snapshots/manifest.ts'

export { prepareTarget } from './targets/prepare-target.ts'
export type { Target, TargetSpec, TargetRun, StartOptions } from './targets/target.ts'

export { renderReport } from './report/render-report.ts'
