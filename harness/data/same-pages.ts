import { statSync } from 'node:fs'
import { PageFile, WHOLE_FILE_BYTES } from './page-file.ts'

/** b-tree page types (https://sqlite.org/fileformat2.html#b_tree_pages). */
const TABLE_INTERIOR = 0x05
const TABLE_LEAF = 0x0d

/**
 * Two database files read page by page, without SQLite, to find the tables an upgrade left alone: a
 * rowid table whose root page number is the same on both sides and whose every page (the b-tree and
 * its overflow chains) holds the same bytes holds the same records, which read as the same rows when
 * both sides declare the table alike (`readsAlike`, the caller's to check), so its rows need not
 * be compared one by one. Anything unexpected (a non-empty write-ahead log or a journal beside a
 * file, different page sizes or encodings, a page type other than a rowid table's, a damaged tree)
 * answers "not known to be the same", and the caller compares rows as usual.
 *
 * @example
 * const pages = SamePages.open(snapshotCopy, upgradedCopy)
 * const rows = pages?.sameTable(beforeRoot, afterRoot) // the row count, or undefined
 * pages?.close()
 */
export class SamePages {
  private constructor(
    private readonly before: PageFile,
    private readonly after: PageFile,
    private readonly usable: number,
  ) {}

  /**
   * Both files ready to be read, or undefined when their pages cannot be trusted to hold their rows.
   * Files up to `wholeFileBytes` are read whole, larger ones a page at a time.
   */
  static open(
    beforePath: string,
    afterPath: string,
    wholeFileBytes = WHOLE_FILE_BYTES,
  ): SamePages | undefined {
    if (!settled(beforePath) || !settled(afterPath)) return undefined
    const before = PageFile.open(beforePath, wholeFileBytes)
    const after = before && PageFile.open(afterPath, wholeFileBytes)
    if (!before || !after) {
      before?.close()
      return undefined
    }
    const a = before.header
    const b = after.header
    // Page size, reserved bytes per page, schema format and text encoding decide how a page reads.
    const sameLayout =
      a.readUInt16BE(16) === b.readUInt16BE(16) &&
      a[20] === b[20] &&
      a.readUInt32BE(44) === b.readUInt32BE(44) &&
      a.readUInt32BE(56) === b.readUInt32BE(56)
    if (!sameLayout) {
      before.close()
      after.close()
      return undefined
    }
    return new SamePages(before, after, before.pageSize - (a[20] ?? 0))
  }

  /**
   * The number of rows of a rowid table whose pages are the same in both files, or undefined when they
   * are not (or cannot be read as such).
   */
  sameTable(beforeRoot: number, afterRoot: number): number | undefined {
    if (beforeRoot !== afterRoot) return undefined
    // One byte per page of the shorter file (a page past its end is never the same): a 1 GiB file's
    // walk marks 262,144 pages, which a Set would hold in megabytes.
    const seen = new Uint8Array(Math.min(this.before.pageCount, this.after.pageCount) + 1)
    const pending = [beforeRoot]
    let rows = 0
    try {
      for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
        const page = this.samePage(next, seen)
        if (!page) return undefined
        const type = page[0]
        const cells = page.readUInt16BE(3)
        if (type === TABLE_INTERIOR) {
          for (let i = 0; i < cells; i++) pending.push(page.readUInt32BE(page.readUInt16BE(12 + 2 * i)))
          pending.push(page.readUInt32BE(8))
        } else if (type === TABLE_LEAF) {
          // Read every spill off the leaf before following one: reading a page may reuse its buffer.
          const spills: Spill[] = []
          for (let i = 0; i < cells; i++) {
            const spill = this.spillOf(page, page.readUInt16BE(8 + 2 * i))
            if (spill) spills.push(spill)
          }
          if (!spills.every((spill) => this.sameChain(spill, seen))) return undefined
          rows += cells
        } else {
          return undefined
        }
      }
    } catch (error) {
      // A cell pointing past its page: a damaged tree, which SQLite itself will report.
      if (error instanceof RangeError) return undefined
      throw error
    }
    return rows
  }

  close(): void {
    this.before.close()
    this.after.close()
  }

  /** Page `number` when it is the same in both files (and not seen before in this walk). */
  private samePage(number: number, seen: Uint8Array): Buffer | undefined {
    // Page 1 starts with the file header and is sqlite_schema's root: never part of a table's tree.
    if (number < 2 || number >= seen.length || seen[number] === 1) return undefined
    seen[number] = 1
    const page = this.before.page(number)
    const other = page && this.after.page(number)
    return page && other && page.equals(other) ? page : undefined
  }

  /** Where a leaf cell's payload continues, when it is too large for the leaf. */
  private spillOf(page: Buffer, cell: number): Spill | undefined {
    const payload = varintValue(page, cell)
    const usable = this.usable
    const maxLocal = usable - 35
    if (payload <= maxLocal) return undefined
    const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23
    const spill = minLocal + ((payload - minLocal) % (usable - 4))
    const local = spill <= maxLocal ? spill : minLocal
    const keyStart = cell + varintLength(page, cell)
    const first = page.readUInt32BE(keyStart + varintLength(page, keyStart) + local)
    return { first, pages: Math.ceil((payload - local) / (usable - 4)) }
  }

  /** Whether an overflow chain is the same pages in both files. */
  private sameChain(spill: Spill, seen: Uint8Array): boolean {
    let next = spill.first
    for (let left = spill.pages; left > 0; left--) {
      const overflow = this.samePage(next, seen)
      if (!overflow) return false
      next = overflow.readUInt32BE(0)
    }
    return true
  }
}

/** The first overflow page of a cell's payload, and how many pages the payload takes there. */
interface Spill {
  first: number
  pages: number
}

/**
 * Whether a database file holds all of its content: no write-ahead log with frames and no rollback
 * journal beside it (either would mean pages that are not, or not yet, in the file itself). A journal
 * kept in memory leaves no file; the comparison only ever reads through a read-only connection, which
 * has none.
 */
function settled(path: string): boolean {
  const size = (suffix: string): number => {
    try {
      return statSync(path + suffix).size
    } catch {
      return -1
    }
  }
  return size('-wal') <= 0 && size('-journal') < 0
}

/** The value of the SQLite variable-length integer at `offset`. */
function varintValue(buffer: Buffer, offset: number): number {
  let value = 0
  for (let i = 0; i < 8; i++) {
    const byte = buffer.readUInt8(offset + i)
    value = value * 128 + (byte & 0x7f)
    if (byte < 0x80) return value
  }
  return value * 256 + buffer.readUInt8(offset + 8)
}

/** How many bytes the SQLite variable-length integer at `offset` takes (1 to 9). */
function varintLength(buffer: Buffer, offset: number): number {
  for (let i = 0; i < 8; i++) if (buffer.readUInt8(offset + i) < 0x80) return i + 1
  return 9
}
