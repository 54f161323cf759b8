import type { Config, DataRule } from '../config/types.ts'
import type { DataComparison, DataRuleRef, TableComparison } from '../data/types.ts'
import type { SchemaDiff } from '../diff/types.ts'
import type { CheckResult } from './types.ts'

/**
 * The config's rules that no snapshot of the run needed, as warnings, so the lists cannot rot: a schema
 * ignore rule that no `matches-fresh` diff matched, an `allowLoss` rule for a table that lost no rows
 * anywhere, and an `allowLoss` or `allowChange` rule for a column that no compared table has. A run that
 * did not run the check on every one of its snapshots (skipped, crashed, or the target did not start)
 * warns about none of its rules: the snapshot left out may be the one that needs them.
 */
export function unusedRuleWarnings(config: Config, results: CheckResult[]): string[] {
  return [...unusedIgnoreWarnings(config, results), ...unusedDataRuleWarnings(config, results)]
}

function unusedIgnoreWarnings(config: Config, results: CheckResult[]): string[] {
  const diffs = detailsOf<SchemaDiff>(results, 'matches-fresh')
  if (diffs.length === 0) return []
  return config.schema.ignore
    .filter((rule) => diffs.every((d) => d.unusedIgnores.includes(rule)))
    .map(
      (rule) =>
        `schema ignore rule for ${rule.object}${rule.property ? ` ${rule.property}` : ''} matched nothing ("${rule.reason}")`,
    )
}

function unusedDataRuleWarnings(config: Config, results: CheckResult[]): string[] {
  const comparisons = detailsOf<DataComparison>(results, 'data-preserved')
  if (comparisons.length === 0) return []
  const used = new Set(comparisons.flatMap((c) => c.tables.flatMap(rulesUsedBy)).map(refKey))
  return (['allowLoss', 'allowChange'] as const).flatMap((list) =>
    config.data[list]
      .filter((_, index) => !used.has(refKey({ list, index })))
      .map((rule) => `data ${list} rule for ${describeRule(rule)} matched nothing ("${rule.reason}")`),
  )
}

/**
 * The details of every `check` result, or none when one of them has none (skipped, crashed, or the target
 * did not start): the snapshot it did not compare may be the one that needs a rule.
 */
function detailsOf<T>(results: CheckResult[], check: string): T[] {
  const ofCheck = results.filter((r) => r.check === check)
  if (ofCheck.some((r) => !r.details)) return []
  return ofCheck.map((r) => r.details as T)
}

function rulesUsedBy(table: TableComparison): DataRuleRef[] {
  const refs = table.excludedColumns.flatMap((c) => (c.rule ? [c.rule] : []))
  return table.allowedBy ? [table.allowedBy, ...refs] : refs
}

function refKey(ref: DataRuleRef): string {
  return `${ref.list}:${ref.index}`
}

function describeRule(rule: DataRule): string {
  return rule.column === undefined ? `table ${rule.table}` : `column ${rule.table}.${rule.column}`
}
