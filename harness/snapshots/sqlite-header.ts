import { open } from 'node:fs/promises'

/** The 16 bytes every SQLite 3 database file starts with. */
const MAGIC = Buffer.from('SQLite format 3\0', 'latin1')
/** The database header is the first 100 bytes of page 1. */
export const HEADER_SIZE = 100

/** What the 100-byte database header says about a file, read without opening it as a database. */
export interface SqliteHeader {
  pageSize: number
  /** The in-header page count, or undefined when the header marks it stale (written by very old libraries). */
  pageCount: number | undefined
  /** Write format 2 means the file is in WAL mode. */
  wal: boolean
  /** The file's size in bytes. */
  fileSize: number
}

/**
 * The page size a database header gives, or undefined when `header` is not one: shorter than 100
 * bytes, without the magic string, or with a page size that is not a power of two from 512 to 65536.
 */
export function headerPageSize(header: Buffer): number | undefined {
  if (header.length < HEADER_SIZE || !header.subarray(0, MAGIC.length).equals(MAGIC)) return undefined
  const raw = header.readUInt16BE(16)
  // The value 1 stands for 65536, which does not fit in two bytes.
  const pageSize = raw === 1 ? 65536 : raw
  return pageSize >= 512 && (pageSize & (pageSize - 1)) === 0 ? pageSize : undefined
}

/**
 * Reads the header of a database file, or says in one line why the file is not a usable SQLite
 * database: `not a SQLite database (starts with "PK\x03\x04...")`, `truncated: 8192 bytes, header says 5 pages of 4096`.
 */
export async function readSqliteHeader(file: string): Promise<SqliteHeader | { problem: string }> {
  const handle = await open(file, 'r')
  try {
    const { size } = await handle.stat()
    const header = Buffer.alloc(HEADER_SIZE)
    const { bytesRead } = await handle.read(header, 0, HEADER_SIZE, 0)
    if (bytesRead < MAGIC.length || !header.subarray(0, MAGIC.length).equals(MAGIC)) {
      const start = JSON.stringify(header.subarray(0, Math.min(bytesRead, 8)).toString('latin1'))
      return { problem: `not a SQLite database (${size === 0 ? 'empty file' : `starts with ${start}`})` }
    }
    if (bytesRead < HEADER_SIZE) return { problem: `truncated: ${size} bytes, shorter than the header` }
    const pageSize = headerPageSize(header)
    if (pageSize === undefined) {
      return { problem: `not a SQLite database (page size ${header.readUInt16BE(16)} in the header)` }
    }
    const count = header.readUInt32BE(28)
    // The in-header size is only valid when the change counter equals the version-valid-for number.
    const valid = count > 0 && header.readUInt32BE(24) === header.readUInt32BE(92)
    const pageCount = valid ? count : undefined
    if (pageCount !== undefined && size < pageCount * pageSize) {
      return { problem: `truncated: ${size} bytes, header says ${pageCount} pages of ${pageSize}` }
    }
    return { pageSize, pageCount, wal: header[18] === 2 && header[19] === 2, fileSize: size }
  } finally {
    await handle.close()
  }
}
