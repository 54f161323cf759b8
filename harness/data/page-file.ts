import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs'
import { HEADER_SIZE, headerPageSize } from '../snapshots/sqlite-header.ts'

/** Files up to this size are read whole; larger ones a page at a time, so memory stays flat. */
export const WHOLE_FILE_BYTES = 16 * 1024 * 1024

/** One database file's pages, from memory when it is small. */
export class PageFile {
  private readonly scratch: Buffer

  private constructor(
    private readonly fd: number,
    private readonly whole: Buffer | undefined,
    readonly header: Buffer,
    readonly pageSize: number,
    readonly pageCount: number,
  ) {
    this.scratch = Buffer.allocUnsafe(whole ? 0 : pageSize)
  }

  /** The file, or undefined when it cannot be read or is not a database (SQLite then says why). */
  static open(path: string, wholeFileBytes: number): PageFile | undefined {
    let fd: number
    try {
      fd = openSync(path, 'r')
    } catch {
      return undefined
    }
    try {
      const size = statSync(path).size
      const whole = size <= wholeFileBytes ? readFileSync(fd) : undefined
      const header = whole?.subarray(0, HEADER_SIZE) ?? Buffer.alloc(HEADER_SIZE)
      if (!whole) readSync(fd, header, 0, HEADER_SIZE, 0)
      const pageSize = headerPageSize(header)
      if (pageSize === undefined) {
        closeSync(fd)
        return undefined
      }
      return new PageFile(fd, whole, header, pageSize, Math.floor(size / pageSize))
    } catch {
      closeSync(fd)
      return undefined
    }
  }

  /**
   * Page `number` (1-based), or undefined past the end. A large file's page is read into one buffer,
   * valid until the next call, so that walking a 1 GiB tree leaves no garbage behind.
   */
  page(number: number): Buffer | undefined {
    if (number < 1 || number > this.pageCount) return undefined
    const start = (number - 1) * this.pageSize
    if (this.whole) return this.whole.subarray(start, start + this.pageSize)
    // A short read (the file shrank meanwhile) is no page at all, not the rest of the one before.
    return readSync(this.fd, this.scratch, 0, this.pageSize, start) === this.pageSize
      ? this.scratch
      : undefined
  }

  close(): void {
    closeSync(this.fd)
  }
}
