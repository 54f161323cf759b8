import { existsSync, rmSync, statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { InputError, errorMessage } from '../errors.ts'
import { inspectConnection } from './inspect-connection.ts'
import { readDatabaseHeader } from './read-header.ts'
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
  const header = readDatabaseHeader(dbPath)
  using _sideFiles = header?.wal ? removeNewSideFiles(dbPath) : undefined
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

/**
 * A read-only connection to a WAL database still creates its `-wal` and `-shm` files, and cannot
 * delete them on close. Inspecting must leave the folder as it was, so the ones this inspection
 * created (an empty `-wal`: nothing was written) are removed afterwards.
 */
function removeNewSideFiles(dbPath: string): Disposable {
  const wal = `${dbPath}-wal`
  const shm = `${dbPath}-shm`
  const hadWal = existsSync(wal)
  const hadShm = existsSync(shm)
  return {
    [Symbol.dispose]() {
      if (hadWal || !existsSync(wal) || statSync(wal).size > 0) return
      rmSync(wal, { force: true })
      if (!hadShm) rmSync(shm, { force: true })
    },
  }
}
