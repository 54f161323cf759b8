import Database from 'better-sqlite3'
import { InputError, errorMessage } from '../errors.ts'
import { inspectConnection } from './inspect-connection.ts'
import { leaveNoSideFiles } from './leave-no-side-files.ts'
import type { SchemaModel } from './model.ts'

/** SQLite result codes that mean the file itself is unusable, not that the inspector is wrong. */
const UNUSABLE_FILE_CODES = /^SQLITE_(NOTADB|CORRUPT|CANTOPEN|IOERR)/

/**
 * The schema model of a database file. Opens it read-only (it must exist), never writes, and closes it.
 *
 * @throws InputError `<path>: not a SQLite database`, `<path>: database is truncated or corrupt (...)`
 *   or `<path>: no such file`.
 */
export function inspectDatabase(dbPath: string): SchemaModel {
  using _sideFiles = leaveNoSideFiles(dbPath)
  let db: Database.Database
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new InputError(`${dbPath}: cannot open database (${errorMessage(error)})`, { cause: error })
  }
  try {
    return inspectConnection(db)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string' && UNUSABLE_FILE_CODES.test(code)) {
      const problem = code === 'SQLITE_NOTADB' ? 'not a SQLite database' : 'database is truncated or corrupt'
      throw new InputError(`${dbPath}: ${problem} (${errorMessage(error)})`, { cause: error })
    }
    throw error
  } finally {
    db.close()
  }
}
