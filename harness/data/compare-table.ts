import type { Database, Statement } from 'better-sqlite3'
import type { DataRule } from '../config/types.ts'
import {
  asStoredIn,
  holdsIntegersAndReals,
  storedAffinity,
  withStorageClass,
  type Affinity,
} from './affinity.ts'
import { listDeclaredColumns, type ColumnInfo, type TableInfo } from './list-tables.ts'
import { readsAlike } from './reads-alike.ts'
import { renderOccurrences, type Occurrence } from './render-occurrences.ts'
import type { SamePages } from './same-pages.ts'
import { foldIdentifier, quoteIdent, renderChange, renderRow } from './sql-text.ts'
import { ambiguousTextAsBytes, SHOWN_AS_BYTES, textAsBytes } from './text-bytes.ts'
import type { DataCompareOptions, DataRuleRef, TableComparison } from './types.ts'

/** One table on both sides of an open comparison (before attached as `beforeSchema`, after as main). */
export interface TableSides {
  db: Database
  beforeSchema: string
  before: TableInfo
  /** Undefined when the table is gone after. */
  after: TableInfo | undefined
  /** The two files' pages, to skip reading the rows of a table the upgrade left alone. */
  pages?: SamePages
}

/** Compares one table's rows (see compareData). */
export function compareTable(
  sides: TableSides,
  options: DataCompareOptions & { sampleRows: number },
): TableComparison {
  const { db, beforeSchema, before, after } = sides
  const name = before.name
  const result: TableComparison = {
    table: name,
    status: 'same',
    lost: 0,
    added: 0,
    lostSamples: [],
    addedSamples: [],
    columns: [],
    excludedColumns: [],
    droppedColumns: [],
  }
  const unreadable = [before, after].map((t) => t && virtualProblem(t)).find((problem) => problem)
  if (unreadable) return { ...result, status: 'skipped', reason: unreadable }

  const beforeRef = `${quoteIdent(beforeSchema)}.${quoteIdent(name)}`
  const count = (ref: string): number => Number(db.prepare(`SELECT count(*) FROM ${ref}`).pluck().get())
  const loss = tableLossRule(options.allowLoss, name)
  const beforeDeclared = listDeclaredColumns(db, beforeSchema, before)
  const beforeColumns = sortKeyFirst(beforeDeclared.filter((c) => c.hidden === 0))

  if (after === undefined) {
    result.beforeRows = count(beforeRef)
    result.lost = result.beforeRows
    result.lostSamples = samples(
      db,
      `SELECT * FROM ${beforeRef}`,
      beforeColumns.map((c) => c.name),
      options.sampleRows,
    )
    if (result.lost === 0) return result
    return loss
      ? {
          ...result,
          status: 'allowed',
          reason: `table dropped; allowed: ${loss.rule.reason}`,
          allowedBy: loss.ref,
        }
      : { ...result, status: 'dropped', reason: 'table dropped with its rows' }
  }

  const afterRef = `main.${quoteIdent(after.name)}`
  const afterDeclared = listDeclaredColumns(db, 'main', after)
  const afterColumns = new Map(
    afterDeclared.filter((c) => c.hidden === 0).map((c) => [foldIdentifier(c.name), c]),
  )
  const pairs: { before: ColumnInfo; after: ColumnInfo }[] = []
  for (const column of beforeColumns) {
    const match = afterColumns.get(foldIdentifier(column.name))
    const excluded = match && exclusion(options, name, column.name)
    if (!match) result.droppedColumns.push(column.name)
    else if (excluded) result.excludedColumns.push({ column: column.name, ...excluded })
    else pairs.push({ before: column, after: match })
  }
  result.columns = pairs.map((p) => p.before.name)

  const unchangedRows =
    sides.pages &&
    before.type === 'table' &&
    after.type === 'table' &&
    readsAlike(before, beforeDeclared, after, afterDeclared)
      ? sides.pages.sameTable(before.rootpage, after.rootpage)
      : undefined
  if (unchangedRows !== undefined) {
    return { ...result, beforeRows: unchangedRows, afterRows: unchangedRows, pagesUnchanged: true }
  }
  result.beforeRows = count(beforeRef)
  result.afterRows = count(afterRef)

  // Byte for byte: a column's own collation (NOCASE, RTRIM) would make EXCEPT and GROUP BY take
  // 'Alice' rewritten as 'alice', or 'bob' padded to 'bob  ', for the value that was there.
  const afterAffinity = pairs.map((p) => storedAffinity(p.after.type, after.strict))
  // Classes only where integers and reals can both be stored: reading them costs a column per value.
  const mixed = afterAffinity.map(holdsIntegersAndReals)
  const beforeSelect = withStorageClass(
    pairs.map(
      (p, i) =>
        `(${asStoredIn(p.before.name, name, storedAffinity(p.before.type, before.strict), afterAffinity[i] as Affinity)}) COLLATE BINARY`,
    ),
    mixed,
  )
  const afterSelect = withStorageClass(
    pairs.map((p) => `${quoteIdent(after.name)}.${quoteIdent(p.after.name)} COLLATE BINARY`),
    mixed,
  )
  // A table whose rows have no key to tell them apart can trade one duplicate for another with the same
  // rows and the same count: there, each row's occurrences are counted on both sides. A rowid table's
  // PRIMARY KEY (other than the row id) lets any number of rows hold NULL in it, which tells them apart
  // no better than no key at all.
  const key = beforeColumns.filter((c) => c.pk > 0)
  const keyed =
    key.length > 0 && key.every((k) => pairs.some((p) => p.before === k)) && !hasNullKey(db, beforeRef, key)
  if (pairs.length > 0 && !keyed) {
    const traded = occurrences(
      db,
      beforeSelect,
      beforeRef,
      afterSelect,
      afterRef,
      result.columns,
      options.sampleRows,
    )
    result.lost = traded.lost.count
    result.lostSamples = traded.lost.samples
    if (options.bidirectional) {
      result.added = traded.added.count
      result.addedSamples = traded.added.samples
    }
  } else if (pairs.length > 0) {
    const beforeSide = { select: beforeSelect, ref: beforeRef }
    const afterSide = { select: afterSelect, ref: afterRef }
    const table = { db, columns: result.columns, keyCount: key.length }
    const lostSql = `SELECT ${beforeSelect.join(', ')} FROM ${beforeRef} EXCEPT SELECT ${afterSelect.join(', ')} FROM ${afterRef}`
    const lost = scan(db, lostSql, options.sampleRows)
    result.lost = lost.count
    result.lostSamples = keyedSamples(table, lost.rows, afterSide, 'before', beforeSide)
    if (options.bidirectional) {
      const added = scan(
        db,
        `SELECT ${afterSelect.join(', ')} FROM ${afterRef} EXCEPT SELECT ${beforeSelect.join(', ')} FROM ${beforeRef}`,
        options.sampleRows,
      )
      result.added = added.count
      result.addedSamples = keyedSamples(table, added.rows, beforeSide, 'after', afterSide)
    }
  }
  // EXCEPT works on distinct rows: a lost duplicate (or a table with nothing left to compare) shows in the counts.
  result.lost = Math.max(result.lost, result.beforeRows - result.afterRows)
  if (options.bidirectional) result.added = Math.max(result.added, result.afterRows - result.beforeRows)

  if (result.added > 0) return { ...result, status: 'differs' }
  if (result.lost === 0) return result
  return loss
    ? { ...result, status: 'allowed', reason: `allowed: ${loss.rule.reason}`, allowedBy: loss.ref }
    : { ...result, status: 'differs' }
}

/**
 * Rows whose number of occurrences differs between the two sides, in one pass (every row counted +1
 * before and -1 after): `lost` counts the occurrences gone, `added` the ones new, each sample a row
 * with how many times it occurs on each side. GROUP BY tells texts apart by their bytes; a text that may
 * not be valid UTF-8 is shown as its bytes, as decoded the row lost and the row that replaced it could
 * read alike. The samples kept are rendered together, so that one lost and one added that read alike
 * are shown apart (see renderOccurrences) without reading the table again.
 */
function occurrences(
  db: Database,
  beforeSelect: string[],
  beforeRef: string,
  afterSelect: string[],
  afterRef: string,
  columns: string[],
  keep: number,
): { lost: { count: number; samples: string[] }; added: { count: number; samples: string[] } } {
  const names = beforeSelect.map((_, i) => `c${i}`).join(', ')
  const aliased = beforeSelect.map((expr, i) => `${expr} AS c${i}`).join(', ')
  // Read only for the rows that differ, which are few when the check passes.
  const bytes = columns.map((_, i) => textAsBytes(`c${i}`)).join(', ')
  const sql = `SELECT ${names}, sum(side = 1), sum(side = -1), ${bytes} FROM (
      SELECT ${aliased}, 1 AS side FROM ${beforeRef} UNION ALL SELECT ${afterSelect.join(', ')}, -1 FROM ${afterRef})
    GROUP BY ${names} HAVING sum(side) <> 0`
  const lost = { count: 0, samples: [] as Occurrence[] }
  const added = { count: 0, samples: [] as Occurrence[] }
  const counted = beforeSelect.length
  for (const row of exactRows(db, sql).iterate() as IterableIterator<unknown[]>) {
    const [before, after] = [Number(row[counted]), Number(row[counted + 1])]
    const side = before > after ? lost : added
    if (side.samples.length < keep) {
      const values = row.slice(0, counted)
      const asBytes = ambiguousTextAsBytes(values, row.slice(counted + 2))
      side.samples.push({ values: asBytes ?? values, before, after, asBytes: asBytes !== undefined })
    }
    side.count += Math.abs(before - after)
  }
  return {
    lost: { count: lost.count, samples: renderOccurrences(columns, lost.samples, added.samples) },
    added: { count: added.count, samples: renderOccurrences(columns, added.samples, lost.samples) },
  }
}

/**
 * A statement giving rows as arrays, integers as BigInt: a key past 2^53 (a snowflake id) read as a
 * number would be shown rounded, and looked up again it would find a neighbouring row, or none.
 */
function exactRows(db: Database, sql: string): Statement<unknown[], unknown[]> {
  return db.prepare<unknown[], unknown[]>(sql).raw().safeIntegers()
}

/** Counts a query's rows while keeping the first few: memory stays bounded. */
function scan(db: Database, sql: string, keep: number): { count: number; rows: unknown[][] } {
  let count = 0
  const rows: unknown[][] = []
  for (const row of exactRows(db, sql).iterate() as IterableIterator<unknown[]>) {
    if (count < keep) rows.push(row)
    count++
  }
  return { count, rows }
}

/**
 * Sample rows of a keyed table, found on one side only (`side`, read through `own`): a row whose key
 * the other side holds changed, and shows its key and what changed (a changed column can be past the
 * few a row shows); any other row is shown as it is.
 */
function keyedSamples(
  table: { db: Database; columns: string[]; keyCount: number },
  rows: unknown[][],
  other: { select: string[]; ref: string },
  side: 'before' | 'after',
  own: { select: string[]; ref: string },
): string[] {
  const { db, columns, keyCount } = table
  if (rows.length === 0) return []
  const finder = (from: { select: string[]; ref: string }, select: string[]) => {
    const where = from.select.slice(0, keyCount).map((expr) => `${expr} IS ?`)
    return exactRows(db, `SELECT ${select.join(', ')} FROM ${from.ref} WHERE ${where.join(' AND ')} LIMIT 1`)
  }
  const find = finder(other, other.select)
  // Texts that are not valid UTF-8 read as the same string once decoded ('\xff' and '\uFFFD' both as
  // U+FFFD): their bytes show what changed. Read only for a row whose decoded values look alike.
  const asBytes = (from: { select: string[]; ref: string }) =>
    finder(
      from,
      from.select.map((expr, i) => (i < columns.length ? textAsBytes(expr) : expr)),
    )
  let bytes: readonly [ReturnType<typeof asBytes>, ReturnType<typeof asBytes>] | undefined
  const change = (mine: unknown[], theirs: unknown[]) =>
    side === 'before'
      ? renderChange(columns, keyCount, mine, theirs)
      : renderChange(columns, keyCount, theirs, mine)
  const changeInBytes = (key: unknown[]): string | undefined => {
    const [ownBytes, otherBytes] = (bytes ??= [asBytes(own), asBytes(other)])
    const [mine, theirs] = [ownBytes.get(...key), otherBytes.get(...key)] as (unknown[] | undefined)[]
    const shown = mine && theirs && change(mine, theirs)
    return shown && `${shown} ${SHOWN_AS_BYTES}`
  }
  return rows.map((row) => {
    const key = row.slice(0, keyCount)
    const match = find.get(...key) as unknown[] | undefined
    if (!match) return renderRow(columns, row)
    return change(row, match) ?? changeInBytes(key) ?? renderRow(columns, row)
  })
}

function samples(db: Database, sql: string, columns: string[], keep: number): string[] {
  const rows = exactRows(db, `${sql} LIMIT ${Math.max(0, Math.floor(keep))}`).all() as unknown[][]
  return rows.map((row) => renderRow(columns, row))
}

/** Whether some row of `ref` holds NULL in a column of its primary key. */
function hasNullKey(db: Database, ref: string, key: ColumnInfo[]): boolean {
  const anyNull = key.map((k) => `${quoteIdent(k.name)} IS NULL`).join(' OR ')
  return db.prepare(`SELECT EXISTS (SELECT 1 FROM ${ref} WHERE ${anyNull})`).pluck().get() === 1
}

/** Primary-key columns first, so sample rows start with what identifies them. */
function sortKeyFirst(columns: ColumnInfo[]): ColumnInfo[] {
  const key = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk)
  return [...key, ...columns.filter((c) => c.pk === 0)]
}

function same(a: string, b: string): boolean {
  return foldIdentifier(a) === foldIdentifier(b)
}

/** The first `allowLoss` rule for a whole table, with where it is in the list. */
function tableLossRule(
  rules: DataRule[] | undefined,
  table: string,
): { rule: DataRule; ref: DataRuleRef } | undefined {
  const index = rules?.findIndex((rule) => same(rule.table, table) && rule.column === undefined) ?? -1
  const rule = rules?.[index]
  return rule && { rule, ref: { list: 'allowLoss', index } }
}

/** Why a shared column is left out (and by which rule), or undefined when it is compared. */
function exclusion(
  options: DataCompareOptions,
  table: string,
  column: string,
): { why: string; rule?: DataRuleRef } | undefined {
  const hit = (rule: { table: string; column?: string }): boolean =>
    same(rule.table, table) && rule.column !== undefined && same(rule.column, column)
  for (const list of ['allowChange', 'allowLoss'] as const) {
    const rules = options[list] ?? []
    const index = rules.findIndex(hit)
    const rule = rules[index]
    if (rule) return { why: `${list}: ${rule.reason}`, rule: { list, index } }
  }
  if (options.volatile?.some(hit)) return { why: 'volatile' }
  return undefined
}

/**
 * Why a virtual table cannot be compared by reading it, or undefined when it can. A full-text table
 * with its own content reads like a table; one with external content or none is compared through its
 * content table; other modules may need extensions this process lacks.
 */
function virtualProblem(table: TableInfo): string | undefined {
  if (table.type !== 'virtual') return undefined
  const module = /\bUSING\s+(\w+)/i.exec(table.sql)?.[1] ?? 'unknown'
  if (/^fts[345]$/i.test(module)) {
    return /\bcontent\s*=/i.test(table.sql)
      ? `${module} table with external or no content: compared through its content table`
      : undefined
  }
  return `virtual table (module ${module}): not compared`
}
