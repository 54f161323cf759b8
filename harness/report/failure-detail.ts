import type { CheckResult } from '../checks/types.ts'
import { renderDataComparison } from '../data/render-data-comparison.ts'
import type { DataComparison } from '../data/types.ts'
import { renderSchemaDiffText } from '../diff/render-schema-diff.ts'
import type { SchemaDiff } from '../diff/types.ts'

/**
 * The long form of a failure, beyond its one-line message: the whole schema diff for `matches-fresh`,
 * every table's line for `data-preserved`, every problem line for the others, each distinct error of
 * processes started together (`concurrent-start`). Undefined when the message says it all.
 */
export function failureDetail(result: CheckResult): string | undefined {
  const details = result.details as Record<string, unknown> | undefined
  if (!details) return undefined
  if (isSchemaDiff(details))
    return details.differences.length > 1 ? renderSchemaDiffText(details).trimEnd() : undefined
  if (isDataComparison(details)) {
    const lines = renderDataComparison(details)
    return lines.includes('\n') ? lines : undefined
  }
  const problems = details['problems']
  if (Array.isArray(problems) && problems.length > 1) return problems.join('\n')
  const runs = details['runs']
  if (Array.isArray(runs)) return failedRunErrors(runs as { ok: boolean; error?: string }[])
  const run = details['run'] as { stderr?: string } | undefined
  if (result.check === 'starts' && run?.stderr) return lastLines(run.stderr, 15)
  return undefined
}

/** Each error of processes started together, with how many failed with it, when they did not all agree. */
function failedRunErrors(runs: { ok: boolean; error?: string }[]): string | undefined {
  const errors = new Map<string, number>()
  for (const { error = 'unknown error' } of runs.filter((r) => !r.ok))
    errors.set(error, (errors.get(error) ?? 0) + 1)
  if (errors.size < 2) return undefined
  return [...errors]
    .map(([error, n]) => `${n} ${n === 1 ? 'process' : 'processes'} failed: ${error}`)
    .join('\n')
}

function isDataComparison(value: object): value is DataComparison {
  return 'tables' in value && Array.isArray((value as DataComparison).tables) && 'beforeLabel' in value
}

function isSchemaDiff(value: object): value is SchemaDiff {
  return 'differences' in value && Array.isArray((value as SchemaDiff).differences)
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n')
}
