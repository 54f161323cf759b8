import type { OnReturn } from '../target.ts'
import { loadedBetterSqlite3 } from './loaded-better-sqlite3.ts'

/**
 * How long the read waits for a lock. Another start may be committing (a rollback journal's commit
 * keeps readers out for a moment); a start that holds the lock longer makes the read an error, which
 * the check does not judge.
 */
const READ_WAIT_MS = 2000

/**
 * `sql`'s rows (their first column, as strings), read right after the target's function returned,
 * through a second connection of the better-sqlite3 the target loaded (the child loads nothing the
 * target did not), or SQLite's error (`no such table: schema_migrations` when the start returned before
 * the table was made). Undefined for a target that did not load better-sqlite3, or a file that is not
 * there. It changes nothing: one SELECT or pragma read (its close, as the last connection's would, at
 * most checkpoints a WAL).
 */
export function readOnReturn(targetFile: string, dbPath: string, sql: string): OnReturn | undefined {
  const Database = loadedBetterSqlite3(targetFile)
  if (!Database) return undefined
  let db
  try {
    db = new Database(dbPath, { fileMustExist: true, timeout: READ_WAIT_MS })
  } catch {
    return undefined
  }
  try {
    return { values: db.prepare(sql).pluck().all().map(String) }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  } finally {
    db.close()
  }
}
