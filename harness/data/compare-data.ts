import Database from 'better-sqlite3'
import { compareTable, type TableSides } from './compare-table.ts'
import { listTables, type TableInfo } from './list-tables.ts'
import { SamePages } from './same-pages.ts'
import { foldIdentifier, quoteIdent } from './sql-text.ts'
import {
  DEFAULT_SAMPLE_ROWS,
  type DataCompareOptions,
  type DataComparison,
  type TableComparison,
} from './types.ts'

/** The schema name the before side is attached under. */
const BEFORE = 'base'

/**
 * Compares the rows of two database files inside SQLite, so memory stays flat however large they are:
 * for each table on both sides, `SELECT shared columns FROM before EXCEPT SELECT ... FROM after`
 * (rows lost or changed), and the reverse when `bidirectional`. Both files are only read: `after` is
 * opened read-only and `before` attached through that read-only connection with `query_only` on.
 * NULLs compare equal to NULLs (EXCEPT's own semantics); other values byte for byte, whatever a column's
 * collation, and with their storage class (`1` is not `1.0`). A table whose pages an upgrade left byte for
 * byte alone, with its columns declared alike, holds the same rows without comparing them one by one
 * ({@link SamePages}; `pagesUnchanged` in its result). `after` may also be a connection already open
 * on it (read-only): `before` is attached to it for the comparison and detached afterwards. Throws only
 * when a file cannot be opened, or when the two files' text encodings differ (SQLite attaches none other).
 *
 * @example compareData(snapshotCopy, upgradedCopy, { allowLoss: config.data.allowLoss, excludeTables: ['schema_migrations'] })
 */
export function compareData(
  before: string,
  after: string | Database.Database,
  options: DataCompareOptions = {},
): DataComparison {
  if (typeof after !== 'string') {
    after.prepare(`ATTACH DATABASE ? AS ${BEFORE}`).run(before)
    try {
      return compareAttached(after, before, options)
    } finally {
      after.exec(`DETACH DATABASE ${BEFORE}`)
    }
  }
  const db = new Database(after, { readonly: true, fileMustExist: true })
  try {
    db.pragma('query_only = ON')
    db.prepare(`ATTACH DATABASE ? AS ${BEFORE}`).run(before)
    return compareAttached(db, before, options)
  } finally {
    db.close()
  }
}

/** The comparison itself, on a connection with `after` as main and `before` attached as {@link BEFORE}. */
function compareAttached(db: Database.Database, before: string, options: DataCompareOptions): DataComparison {
  const pages = SamePages.open(before, db.name)
  try {
    return compareTables(db, pages, options)
  } finally {
    pages?.close()
  }
}

function compareTables(
  db: Database.Database,
  pages: SamePages | undefined,
  options: DataCompareOptions,
): DataComparison {
  const beforeLabel = options.beforeLabel ?? 'before'
  const afterLabel = options.afterLabel ?? 'after'
  const beforeTables = listTables(db, BEFORE)
  const afterTables = new Map(listTables(db, 'main').map((t) => [foldIdentifier(t.name), t]))
  const excluded = new Set((options.excludeTables ?? []).map((name) => foldIdentifier(name)))
  const sampleRows = options.sampleRows ?? DEFAULT_SAMPLE_ROWS
  const tables: TableComparison[] = []
  for (const table of beforeTables) {
    const key = foldIdentifier(table.name)
    const afterTable = afterTables.get(key)
    afterTables.delete(key)
    if (excluded.has(key)) {
      tables.push(skipped(table.name, 'excluded from the data comparison'))
      continue
    }
    const sides: TableSides = { db, beforeSchema: BEFORE, before: table, after: afterTable, pages }
    tables.push(compareTable(sides, { ...options, sampleRows }))
  }
  if (options.bidirectional) {
    for (const table of afterTables.values()) {
      if (excluded.has(foldIdentifier(table.name))) continue
      tables.push(newTable(db, table))
    }
  }
  const ok = tables.every((t) => t.status === 'same' || t.status === 'allowed' || t.status === 'skipped')
  return { ok, beforeLabel, afterLabel, tables }
}

function skipped(table: string, reason: string): TableComparison {
  const empty = { lost: 0, added: 0, lostSamples: [], addedSamples: [], columns: [], excludedColumns: [] }
  return { table, status: 'skipped', reason, droppedColumns: [], ...empty }
}

/** A table that only exists after: a difference when it holds rows. */
function newTable(db: Database.Database, table: TableInfo): TableComparison {
  if (table.type === 'virtual') return skipped(table.name, 'new virtual table, not compared')
  const rows = Number(
    db
      .prepare(`SELECT count(*) FROM main.${quoteIdent(table.name)}`)
      .pluck()
      .get(),
  )
  return {
    ...skipped(table.name, `new table with ${rows} rows`),
    status: rows === 0 ? 'same' : 'added',
    afterRows: rows,
    added: rows,
  }
}
