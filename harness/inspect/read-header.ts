import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { InputError } from '../errors.ts'

/** The SQLite file header fields the inspector needs (https://sqlite.org/fileformat2.html#the_database_header). */
export interface DatabaseHeader {
  /** Bytes 18 and 19 (write and read versions) are 2: the database is in WAL mode. */
  wal: boolean
  pageSize: number
}

const HEADER_SIZE = 100
const MAGIC = 'SQLite format 3\0'

/**
 * Reads and checks the header of a database file, without SQLite. An empty file is a valid empty
 * database (as SQLite treats it); anything else must carry the magic string and hold at least the
 * pages its header promises.
 *
 * @throws InputError `<path>: not a SQLite database` or `<path>: database is truncated or corrupt (...)`.
 */
export function readDatabaseHeader(path: string): DatabaseHeader | undefined {
  const stats = statSync(path, { throwIfNoEntry: false })
  if (!stats) throw new InputError(`${path}: no such file`)
  if (!stats.isFile()) throw new InputError(`${path}: not a file`)
  const size = stats.size
  if (size === 0) return undefined
  const header = Buffer.alloc(HEADER_SIZE)
  const fd = openSync(path, 'r')
  let read: number
  try {
    read = readSync(fd, header, 0, HEADER_SIZE, 0)
  } finally {
    closeSync(fd)
  }
  if (header.toString('latin1', 0, MAGIC.length) !== MAGIC) {
    throw new InputError(`${path}: not a SQLite database`)
  }
  if (read < HEADER_SIZE) {
    throw new InputError(`${path}: database is truncated or corrupt (${size} bytes, shorter than its header)`)
  }
  const rawPageSize = header.readUInt16BE(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  const pageCount = header.readUInt32BE(28)
  // The in-header page count is only trustworthy when its version-valid-for number matches the change counter.
  const countValid = header.readUInt32BE(92) === header.readUInt32BE(24)
  if (countValid && pageCount > 0 && size < pageCount * pageSize) {
    throw new InputError(
      `${path}: database is truncated or corrupt (${size} bytes, header says ${pageCount} pages of ${pageSize})`,
    )
  }
  return { wal: header[18] === 2 && header[19] === 2, pageSize }
}
