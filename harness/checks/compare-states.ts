import Database from 'better-sqlite3'
import type { Config, HistorySpec, VolatileColumn } from '../config/types.ts'
import { compareData } from '../data/compare-data.ts'
import { renderDataComparison } from '../data/render-data-comparison.ts'
import { diffSchemas } from '../diff/diff-schemas.ts'
import { inspectDatabase } from '../inspect/inspect-database.ts'
import type { SchemaModel } from '../inspect/model.ts'
import { readHistory } from './read-history.ts'

/** The state a database should be in: a file, and its schema model and history when already read. */
export interface ExpectedState {
  dbPath: string
  schema?: () => SchemaModel
  history?: () => string[]
}

/** Options of {@link compareStates}. */
export interface CompareStatesOptions {
  /**
   * Compare only the history table's names, not its other columns (when each side was applied at its own
   * time: concurrent, interrupted and repeated starts). Default: false.
   */
  ignoreHistoryTimestamps?: boolean
  /**
   * Leave the journal mode (WAL in the header) out: it is how the file is written, not what it holds,
   * and SQLite cannot switch it inside a transaction, so a start may switch it before a migration fails.
   * Default: false.
   */
  ignoreJournalMode?: boolean
}

/** The history table's columns other than the migration name: they record when, not what. */
export function historyTimestampColumns(dbPath: string, history: HistorySpec): VolatileColumn[] {
  if ('pragma' in history) return []
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(history.table) as string[]
    return columns.filter((c) => c !== history.column).map((column) => ({ table: history.table, column }))
  } finally {
    db.close()
  }
}

/**
 * Every logical difference between two databases that should be in the same state: schema (strictly,
 * column order and page size included), history names and order, and every row both ways (volatile
 * columns excluded). Empty when they are the same.
 */
export function compareStates(
  config: Config,
  expected: ExpectedState,
  actualPath: string,
  labels: { expected: string; actual: string },
  options: CompareStatesOptions = {},
): { problems: string[]; details: unknown } {
  const expectedPath = expected.dbPath
  const schema = diffSchemas(
    expected.schema?.() ?? inspectDatabase(expectedPath),
    inspectDatabase(actualPath),
    {
      expectedLabel: labels.expected,
      actualLabel: labels.actual,
      strictColumnOrder: true,
      comparePageSize: true,
    },
  )
  const problems = schema.differences
    .filter((d) => !(options.ignoreJournalMode && d.object === 'database' && d.property === 'journal mode'))
    .map((d) => d.message)
  const historyBefore = expected.history?.() ?? readHistory(expectedPath, config.history)
  const historyAfter = readHistory(actualPath, config.history)
  if (historyBefore.join('\n') !== historyAfter.join('\n')) {
    problems.push(
      `history: ${labels.expected} [${historyBefore.join(', ')}], ${labels.actual} [${historyAfter.join(', ')}]`,
    )
  }
  const data = compareData(expectedPath, actualPath, {
    allowLoss: [],
    allowChange: [],
    volatile: [
      ...config.data.volatile,
      ...(options.ignoreHistoryTimestamps ? historyTimestampColumns(expectedPath, config.history) : []),
    ],
    bidirectional: true,
    // The sides as the schema and history lines name them: a bare "before" reads as the snapshot.
    beforeLabel: labels.expected,
    afterLabel: labels.actual,
  })
  if (!data.ok) problems.push(...renderDataComparison(data).split('\n').filter(Boolean))
  return {
    problems,
    details: {
      problems,
      schema,
      history: { [labels.expected]: historyBefore, [labels.actual]: historyAfter },
      data,
    },
  }
}
