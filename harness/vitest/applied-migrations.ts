import type Database from 'better-sqlite3'
import { userVersionOf } from '../checks/history.ts'
import type { HistorySpec } from '../config/types.ts'
import { inspectConnection } from '../inspect/inspect-connection.ts'
import { readHistory } from '../snapshots/read-history.ts'
import { whatElseItIs } from './what-else-it-is.ts'

/**
 * The history as the matcher compares it: names in order, or the user_version number; `noTable` names
 * the history table when the database has none (its history reads as empty), and `isInstead` says what
 * the name is then, if anything (a view: the harness reads history from a table only).
 */
export function appliedMigrations(
  db: Database.Database,
  history: HistorySpec,
): { applied: string[] | number; noTable?: string; isInstead?: string } {
  if (!('pragma' in history)) {
    // A wrong column name is a mistake in the test (or its history spec), not a history that differs.
    // table_xinfo, not table_info: a generated column (which table_info leaves out) can hold the history.
    const columns = db
      .prepare('SELECT name FROM pragma_table_xinfo(?)')
      .pluck()
      .all(history.table) as string[]
    if (columns.length > 0 && !columns.some((c) => c.toLowerCase() === history.column.toLowerCase()))
      throw new Error(
        `toHaveAppliedMigrations: history table ${history.table} has no column ${history.column} (columns: ${columns.join(', ')})`,
      )
  }
  const names = readHistory(db, history)
  if ('pragma' in history) return { applied: userVersionOf(names ?? []) }
  if (names !== undefined) return { applied: names }
  const isInstead = whatElseItIs(inspectConnection(db), history.table)
  return { applied: [], noTable: history.table, ...(isInstead !== undefined && { isInstead }) }
}
