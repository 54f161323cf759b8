import Database from 'better-sqlite3'
import { InputError, errorMessage } from '../errors.ts'
import { leaveNoSideFiles } from './leave-no-side-files.ts'

/** SQLite result codes that mean the file itself is unusable, not that the reader is wrong. */
const UNUSABLE_FILE_CODES = /^SQLITE_(NOTADB|CORRUPT|CANTOPEN|IOERR)/

/** A read-only connection that leaves the folder as it found it: dispose it to close. */
export interface ReadOnlyDatabase extends Disposable {
  readonly db: Database.Database
}

/**
 * Opens an existing database file read-only. Disposing closes it and removes the side files the
 * connection created (see {@link leaveNoSideFiles}).
 *
 * @throws InputError `<path>: cannot open database (...)`.
 * @example
 * using file = openReadOnly(dbPath)
 * file.db.pragma('user_version', { simple: true })
 */
export function openReadOnly(dbPath: string): ReadOnlyDatabase {
  const sideFiles = leaveNoSideFiles(dbPath)
  let db: Database.Database
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true })
  } catch (error) {
    sideFiles[Symbol.dispose]()
    throw new InputError(`${dbPath}: cannot open database (${errorMessage(error)})`, { cause: error })
  }
  return {
    db,
    [Symbol.dispose]() {
      db.close()
      sideFiles[Symbol.dispose]()
    },
  }
}

/**
 * `read(db)`, with an error that says the file is not a database, is damaged, or has a transaction
 * pending in a hot journal, as an InputError naming it (`<path>: not a SQLite database (...)`,
 * `<path>: database is truncated or corrupt (...)`, `<path>: has a hot journal (...)`).
 */
export function readingFile<T>(dbPath: string, db: Database.Database, read: (db: Database.Database) => T): T {
  try {
    return read(db)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (code === 'SQLITE_READONLY_ROLLBACK') {
      // A backup taken mid-transaction, or a crashed writer's file: reading it means rolling the
      // journal back, which is a write, and a read-only reader never writes what it was given.
      throw new InputError(
        `${dbPath}: has a hot journal (${dbPath}-journal: a transaction never committed), which a read-only open cannot roll back; roll it back first by opening the file read-write once (sqlite3 "${dbPath}" "PRAGMA user_version")`,
        { cause: error },
      )
    }
    if (typeof code === 'string' && UNUSABLE_FILE_CODES.test(code)) {
      const problem = code === 'SQLITE_NOTADB' ? 'not a SQLite database' : 'database is truncated or corrupt'
      throw new InputError(`${dbPath}: ${problem} (${errorMessage(error)})`, { cause: error })
    }
    throw error
  }
}

/**
 * One read-only connection to a file that does not change while it is open, opened on first use and
 * shared by everyone who reads the file, instead of one connection each. Dispose it to close.
 */
export class SharedReader implements Disposable {
  private opened: ReadOnlyDatabase | undefined

  constructor(readonly dbPath: string) {}

  /** The connection, opened now if it is not yet. */
  get db(): Database.Database {
    this.opened ??= openReadOnly(this.dbPath)
    return this.opened.db
  }

  [Symbol.dispose](): void {
    this.opened?.[Symbol.dispose]()
    this.opened = undefined
  }
}
