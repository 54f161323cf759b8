import type { DataRule, VolatileColumn } from '../config/types.ts'

/** What to compare and what to forgive. Every field is optional. */
export interface DataCompareOptions {
  /** Tables whose rows (or, with `column`, columns whose values) may be lost. Default: none. */
  allowLoss?: DataRule[]
  /** Columns whose values may change: left out of the comparison. Default: none. */
  allowChange?: DataRule[]
  /** Columns that differ between any two starts (timestamps): left out. Default: none. */
  volatile?: VolatileColumn[]
  /** Tables not compared at all, e.g. the history table, compared on its own. Default: none. */
  excludeTables?: string[]
  /** Also report rows present after but not before, and new tables with rows. Default: false. */
  bidirectional?: boolean
  /** How many sample rows to show per direction and table. Default: {@link DEFAULT_SAMPLE_ROWS}. */
  sampleRows?: number
  /** Labels of the two sides in messages. Default: `before` and `after`. */
  beforeLabel?: string
  afterLabel?: string
}

/** One of the options' `allowLoss` or `allowChange` rules, by its place in that list. */
export interface DataRuleRef {
  list: 'allowLoss' | 'allowChange'
  index: number
}

/** Sample rows shown per table and direction unless told otherwise. */
export const DEFAULT_SAMPLE_ROWS = 3

/**
 * How one table compared:
 * - `same`: every row before is there after (and the reverse, when bidirectional);
 * - `differs`: rows were lost or changed (or added, when bidirectional);
 * - `allowed`: rows were lost, but an allowLoss rule accepts it (`reason` says which);
 * - `dropped`: the table is gone after, with its rows (accepted when allowLoss names it: then `allowed`);
 * - `added`: a new table with rows, reported only when bidirectional;
 * - `skipped`: not compared (`reason` says why: excluded, a virtual table that cannot be read simply).
 */
export type TableStatus = 'same' | 'differs' | 'allowed' | 'dropped' | 'added' | 'skipped'

/** The comparison of one table. */
export interface TableComparison {
  table: string
  status: TableStatus
  /** Rows before (undefined for a table that only exists after). */
  beforeRows?: number
  /** Rows after (undefined for a dropped table). */
  afterRows?: number
  /** Rows of before not found, with the same compared values, after. */
  lost: number
  /** Rows of after not found before (counted only when bidirectional). */
  added: number
  /** A few lost (or changed) rows, rendered short: `(id=7, slug='héllo', ...)`. */
  lostSamples: string[]
  /** A few added rows, rendered the same way. */
  addedSamples: string[]
  /** The columns compared (present on both sides, not excluded). */
  columns: string[]
  /** Columns present on both sides but left out, and why (and the rule that left it out, if one did). */
  excludedColumns: { column: string; why: string; rule?: DataRuleRef }[]
  /** Columns present before but gone after: not compared, reported for the reader. */
  droppedColumns: string[]
  /** Why the table was skipped or its loss allowed. */
  reason?: string
  /** The `allowLoss` rule that accepted the table's lost rows (status `allowed`). */
  allowedBy?: DataRuleRef
  /**
   * True when every page of the table is byte for byte the same in both files (and its columns are
   * declared alike), so its rows are known to be the same without comparing them one by one.
   */
  pagesUnchanged?: boolean
}

/** The result of {@link compareData}: `ok` is false when any table `differs` or is `dropped` or `added`. */
export interface DataComparison {
  ok: boolean
  beforeLabel: string
  afterLabel: string
  tables: TableComparison[]
}
