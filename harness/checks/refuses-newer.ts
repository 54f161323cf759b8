import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import Database from 'better-sqlite3'
import type { HistorySpec } from '../config/types.ts'
import { errorMessage } from '../errors.ts'
import { createWorkingCopy } from '../snapshots/working-copy.ts'
import { foldIdentifier, quoteIdent as quoteIdentifier } from '../data/sql-text.ts'
import { affinityOf } from '../data/affinity.ts'
import { uniqueColumns } from '../snapshots/unique-columns.ts'
import type { Check } from './types.ts'

/** A row of `pragma_table_info`. */
interface TableInfoRow {
  name: string
  type: string
  notnull: number
  dflt_value: string | null
  pk: number
}

/** The name given to the migration "from a newer release" that the target must refuse. */
export const UNKNOWN_MIGRATION_NAME = '9999_from_a_newer_release'

/**
 * `refuses-newer`: a database whose history holds a migration this release does not know (a newer release
 * made it) is refused with an error and left byte-identical, as when a deployment is rolled back.
 */
export const refusesNewerCheck: Check = {
  name: 'refuses-newer',
  async run({ config, target, upgraded }) {
    await using copy = await createWorkingCopy(upgraded.dbPath)
    const added = appendUnknownMigration(copy.dbPath, config.history)
    if (typeof added !== 'string') {
      return {
        status: 'fail',
        message: `cannot add an unknown migration: the upgraded database ${added.problem}`,
      }
    }
    const before = await fileHash(copy.dbPath)
    const run = await target.start(copy.dbPath)
    const after = await fileHash(copy.dbPath)
    const details = { run, added }
    if (run.ok)
      return { status: 'fail', message: `initDb accepted a database with an unknown ${added}`, details }
    // Refusing is failing with an error of its own: a hang cut short or a crash is not a refusal.
    if (run.timedOut || run.signal !== null) {
      return { status: 'fail', message: `initDb did not refuse an unknown ${added}: ${run.error}`, details }
    }
    if (after === undefined) {
      return {
        status: 'fail',
        message: `initDb refused an unknown ${added} but the database file is gone (${run.error})`,
        details,
      }
    }
    if (before !== after) {
      return {
        status: 'fail',
        message: `initDb refused an unknown ${added} but changed the file (${run.error})`,
        details,
      }
    }
    return {
      status: 'pass',
      message: `refused an unknown ${added} and left the file unchanged: ${run.error}`,
      details,
    }
  },
}

/**
 * Adds a history entry this release cannot know; returns how it is named, or what keeps it from being
 * added (no history table or column where the config says, or a row the table refuses: no value made
 * up here satisfies every CHECK or unique expression index a history table may declare).
 */
function appendUnknownMigration(dbPath: string, history: HistorySpec): string | { problem: string } {
  const db = new Database(dbPath, { fileMustExist: true })
  try {
    if ('pragma' in history) {
      const next = (db.pragma('user_version', { simple: true }) as number) + 1
      db.pragma(`user_version = ${next}`)
      return `user_version ${next}`
    }
    const table = quoteIdentifier(history.table)
    const declared = db.prepare('SELECT * FROM pragma_table_info(?)').all(history.table) as TableInfoRow[]
    if (declared.length === 0) return { problem: `has no history table "${history.table}"` }
    // Column names are case-insensitive in SQLite; the config's spelling need not be the table's.
    const column = declared.find((c) => foldIdentifier(c.name) === foldIdentifier(history.column))
    if (column === undefined)
      return { problem: `has no column "${history.column}" in its history table "${history.table}"` }
    const withoutRowid = db
      .prepare(`SELECT wr FROM pragma_table_list WHERE name = ? COLLATE NOCASE AND schema = 'main'`)
      .pluck()
      .get(history.table)
    // Columns that must hold a value (NOT NULL timestamps and the like) take the newest entry's; a rowid
    // id and anything with a default or allowed NULL fill themselves. One that must also be unique (an
    // id, a sequence number) takes the next number, or the newest entry's text marked as newer.
    const keys = declared.filter((c) => c.pk > 0)
    const rowidAlias = (c: TableInfoRow) =>
      !withoutRowid && keys.length === 1 && c.pk === 1 && c.type.toUpperCase() === 'INTEGER'
    const unique = uniqueColumns(db, history.table, column.name)
    const mustDiffer = (c: TableInfoRow) => unique.has(c.name.toLowerCase())
    const copied = declared
      .filter(
        (c) => c !== column && c.notnull === 1 && (c.dflt_value === null || mustDiffer(c)) && !rowidAlias(c),
      )
      .map((c) => {
        const ref = quoteIdentifier(c.name)
        if (!mustDiffer(c)) return { ref, value: ref }
        const affinity = affinityOf(c.type)
        if (affinity === 'INTEGER' || affinity === 'REAL' || affinity === 'NUMERIC')
          return { ref, value: `(SELECT coalesce(max(${ref}), 0) + 1 FROM ${table})` }
        const marked = `${ref} || ' (from a newer release)'`
        return { ref, value: affinity === 'BLOB' ? `CAST(${marked} AS BLOB)` : marked }
      })
    const name = quoteIdentifier(column.name)
    const newest = withoutRowid ? name : 'rowid'
    const unknown = unknownEntry(db, table, name, column.type)
    try {
      const result = db
        .prepare(
          `INSERT INTO ${table} (${[name, ...copied.map((c) => c.ref)].join(', ')}) SELECT ${['?', ...copied.map((c) => c.value)].join(', ')} FROM ${table} ORDER BY ${newest} DESC LIMIT 1`,
        )
        .run(unknown)
      if (result.changes !== 1) db.prepare(`INSERT INTO ${table} (${name}) VALUES (?)`).run(unknown)
    } catch (error) {
      return { problem: `refused the row (${errorMessage(error)})` }
    }
    return `migration ${String(unknown)}`
  } finally {
    db.close()
  }
}

/**
 * The history entry no release before this one made. A history kept as numbers (a `version INTEGER` or
 * untyped column holding only numbers) gets one more than the newest: a number column refuses text when
 * STRICT and otherwise holds it as text, which `max()` ranks above every number but an app comparing
 * versions as numbers does not read as newer. A text history gets a name, or nines when every entry is
 * a number (see {@link unknownText}).
 */
function unknownEntry(
  db: Database.Database,
  table: string,
  name: string,
  type: string,
): string | bigint | number {
  if (affinityOf(type) === 'TEXT') return unknownText(db, table, name)
  // Read as SQLite holds them: an integer version (a timestamp, say) may be past what a double keeps exact.
  const { text, next } = db
    .prepare(
      `SELECT count(*) FILTER (WHERE typeof(${name}) NOT IN ('integer', 'real', 'null')) AS text, coalesce(max(${name}), 0) + 1 AS next FROM ${table}`,
    )
    .safeIntegers(true)
    .get() as { text: bigint; next: bigint | number }
  return text > 0n ? unknownName(db, table, name) : next
}

/**
 * For a text column: a version number made of nines when every entry is one (`'1'`, `'20240101120000'`),
 * as long as the longest and longer than any that is all nines already, so that it is newer whether the
 * app compares the text or the numbers (`Number('9999_from_a_newer_release')` is NaN, which no
 * comparison reads as newer); else a name (see {@link unknownName}).
 */
function unknownText(db: Database.Database, table: string, name: string): string {
  const entries = (db.prepare(`SELECT ${name} FROM ${table}`).pluck().all() as unknown[]).map(String)
  if (entries.length === 0 || !entries.every((entry) => /^\d+$/.test(entry)))
    return unknownName(db, table, name)
  const longest = Math.max(4, ...entries.map((entry) => entry.length))
  const nines = '9'.repeat(longest)
  return entries.includes(nines) ? `${nines}9` : nines
}

/**
 * {@link UNKNOWN_MIGRATION_NAME}, its number widened to the longest the history's names start with:
 * names numbered by timestamp (`20240101120000_notes`) are newer than 9999, so an app comparing the
 * numbers would rightly not read `9999_...` as newer. All nines stay newer by text order too.
 */
function unknownName(db: Database.Database, table: string, name: string): string {
  const names = db.prepare(`SELECT ${name} FROM ${table}`).pluck().all()
  const digits = Math.max(0, ...names.map((n) => /^\d*/.exec(String(n))![0].length))
  return digits > 4 ? UNKNOWN_MIGRATION_NAME.replace('9999', '9'.repeat(digits)) : UNKNOWN_MIGRATION_NAME
}

/**
 * The database file's hash, with any write-ahead log content it left behind (that is a change too);
 * undefined when the file is not there (a start that moved or deleted it).
 */
async function fileHash(file: string): Promise<string | undefined> {
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
  if (bytes === undefined) return undefined
  const hash = createHash('sha256').update(bytes)
  const wal = await readFile(`${file}-wal`).catch(() => Buffer.alloc(0))
  return hash.update(wal).digest('hex')
}
