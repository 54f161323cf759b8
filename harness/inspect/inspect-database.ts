import { inspectConnection } from './inspect-connection.ts'
import type { SchemaModel } from './model.ts'
import { openReadOnly, readingFile } from './open-read-only.ts'

/**
 * The schema model of a database file. Opens it read-only (it must exist), never writes, and closes it.
 *
 * @throws InputError `<path>: not a SQLite database`, `<path>: database is truncated or corrupt (...)`
 *   or `<path>: cannot open database (...)`.
 */
export function inspectDatabase(dbPath: string): SchemaModel {
  using file = openReadOnly(dbPath)
  return readingFile(dbPath, file.db, inspectConnection)
}
