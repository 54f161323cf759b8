import type { Config } from '../config/types.ts'
import { compareData } from '../data/compare-data.ts'
import { renderDataComparison } from '../data/render-data-comparison.ts'
import { diffSchemas } from '../diff/diff-schemas.ts'
import { inspectDatabase } from '../inspect/inspect-database.ts'
import { readHistory } from './read-history.ts'

/**
 * Every logical difference between two databases that should be in the same state: schema (strictly,
 * column order and page size included), history names and order, and every row both ways (volatile
 * columns excluded). Empty when they are the same.
 */
export function compareStates(
  config: Config,
  expectedPath: string,
  actualPath: string,
  labels: { expected: string; actual: string },
): { problems: string[]; details: unknown } {
  const schema = diffSchemas(inspectDatabase(expectedPath), inspectDatabase(actualPath), {
    expectedLabel: labels.expected,
    actualLabel: labels.actual,
    strictColumnOrder: true,
    comparePageSize: true,
  })
  const problems = schema.differences.map((d) => d.message)
  const historyBefore = readHistory(expectedPath, config.history)
  const historyAfter = readHistory(actualPath, config.history)
  if (historyBefore.join('\n') !== historyAfter.join('\n')) {
    problems.push(`history: ${labels.expected} [${historyBefore.join(', ')}], ${labels.actual} [${historyAfter.join(', ')}]`)
  }
  const data = compareData(expectedPath, actualPath, {
    allowLoss: [],
    allowChange: [],
    volatile: config.data.volatile,
    bidirectional: true,
  })
  if (!data.ok) problems.push(...renderDataComparison(data).split('\n').filter(Boolean))
  return { problems, details: { schema, history: { [labels.expected]: historyBefore, [labels.actual]: historyAfter }, data } }
}
