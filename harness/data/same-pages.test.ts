import Database from 'better-sqlite3'
import { copyFileSync, truncateSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { dir, type DirectoryResult } from 'tmp-promise'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { compareData } from './compare-data.ts'
import { SamePages } from './same-pages.ts'

// Enough rows for interior pages, and rows too large for one page (overflow chains).
const BUILD = `
  CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
    INSERT INTO notes SELECT i, 'note number ' || i FROM n;
  CREATE TABLE files (name TEXT, data BLOB);
  INSERT INTO files VALUES ('a', zeroblob(20000)), ('b', randomblob(9000));
  CREATE TABLE pairs (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
  INSERT INTO pairs VALUES ('x', '1');
  -- Just over a page: the leaf keeps the minimum (489 bytes) and one overflow page holds the rest.
  CREATE TABLE spill (data BLOB);
  INSERT INTO spill VALUES (zeroblob(4100));
`

let folder: DirectoryResult
let before: string
let after: string

beforeEach(async () => {
  folder = await dir({ unsafeCleanup: true })
  before = path.join(folder.path, 'before.sqlite')
  after = path.join(folder.path, 'after.sqlite')
  const db = new Database(before)
  db.exec(BUILD)
  db.close()
  copyFileSync(before, after)
})
afterEach(() => folder.cleanup())

/** Runs SQL on `after`, then reads every table's verdict, with the files read whole and page by page. */
function verdicts(sql = ''): Record<string, number | undefined> {
  const whole = readVerdicts(sql)
  expect(readVerdicts('', 0)).toEqual(whole)
  return whole
}

function readVerdicts(sql: string, wholeFileBytes?: number): Record<string, number | undefined> {
  const db = new Database(after)
  db.exec(sql)
  const roots = db.prepare("SELECT name, rootpage FROM sqlite_schema WHERE type = 'table'").all() as {
    name: string
    rootpage: number
  }[]
  db.close()
  const original = new Database(before, { readonly: true })
  const rootOf = (name: string): number =>
    original.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').pluck().get(name) as number
  const pages = SamePages.open(before, after, wholeFileBytes)
  try {
    return Object.fromEntries(roots.map((t) => [t.name, pages?.sameTable(rootOf(t.name), t.rootpage)]))
  } finally {
    pages?.close()
    original.close()
  }
}

describe('SamePages', () => {
  test('a copy: every rowid table is the same, with its row count', () => {
    expect(verdicts()).toEqual({ notes: 2000, files: 2, pairs: undefined, spill: 1 })
  })

  test('one changed row makes its table unknown, and only that table', () => {
    expect(verdicts("UPDATE notes SET body = 'changed' WHERE id = 1500")).toMatchObject({
      notes: undefined,
      files: 2,
    })
  })

  test('a change deep in an overflow chain is seen', () => {
    // Same length, so SQLite overwrites the record in place: only an overflow page changes.
    expect(
      verdicts("UPDATE files SET data = CAST(zeroblob(19999) || x'01' AS BLOB) WHERE name = 'a'"),
    ).toMatchObject({
      notes: 2000,
      files: undefined,
    })
  })

  test('a change on the overflow page of a cell that keeps only the minimum on its leaf is seen', () => {
    expect(verdicts("UPDATE spill SET data = CAST(zeroblob(4099) || x'01' AS BLOB)")).toMatchObject({
      notes: 2000,
      spill: undefined,
    })
  })

  test('a rebuilt table (new pages) is unknown', () => {
    expect(verdicts('VACUUM')).toMatchObject({ notes: undefined })
  })

  test('a write-ahead log with frames beside a file: nothing is trusted', () => {
    const db = new Database(after)
    db.pragma('journal_mode = WAL')
    db.pragma('wal_autocheckpoint = 0')
    db.exec("UPDATE notes SET body = 'in the log only' WHERE id = 1")
    try {
      expect(SamePages.open(before, after)).toBeUndefined()
    } finally {
      db.close()
    }
  })

  test('a rollback journal beside a file: nothing is trusted', () => {
    writeFileSync(`${after}-journal`, '')
    expect(SamePages.open(before, after)).toBeUndefined()
  })

  test('a different page size, a truncated file, or a file that is not a database: nothing is trusted', () => {
    const other = new Database(after)
    other.exec('PRAGMA page_size = 8192; VACUUM')
    other.close()
    expect(SamePages.open(before, after)).toBeUndefined()
    copyFileSync(before, after)
    truncateSync(after, 4096 * 3)
    const notesRoot = new Database(before, { readonly: true })
    const root = notesRoot.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'notes'").pluck().get()
    notesRoot.close()
    const pages = SamePages.open(before, after)
    expect(pages?.sameTable(root as number, root as number)).toBeUndefined()
    pages?.close()
    writeFileSync(after, 'not a database')
    expect(SamePages.open(before, after)).toBeUndefined()
  })
})

describe('compareData with unchanged pages', () => {
  test('tables the upgrade left alone (even with a column added) are the same without reading rows', () => {
    const db = new Database(after)
    db.exec(
      "ALTER TABLE notes ADD COLUMN tag TEXT DEFAULT 'none'; UPDATE files SET name = 'c' WHERE name = 'b'",
    )
    db.close()
    const result = compareData(before, after, { bidirectional: true })
    expect(result.tables.find((t) => t.table === 'notes')).toMatchObject({
      status: 'same',
      beforeRows: 2000,
      afterRows: 2000,
      pagesUnchanged: true,
    })
    const files = result.tables.find((t) => t.table === 'files')
    expect(files).toMatchObject({ status: 'differs', lost: 1, added: 1 })
    expect(files?.pagesUnchanged).toBeUndefined()
  })

  test.for([
    ['a stored column becomes the row id', 'PRIMARY KEY DESC,', 'PRIMARY KEY,'],
    ['a default read by old rows changes', "DEFAULT 'x'", "DEFAULT 'y'"],
  ])('%s, the pages left alone: the rows are compared', ([, from, to]) => {
    for (const file of [before, after]) {
      const db = new Database(file)
      db.exec(`CREATE TABLE keyed (id INTEGER PRIMARY KEY DESC, v TEXT); INSERT INTO keyed VALUES (10, 'a'), (20, 'b');
        ALTER TABLE keyed ADD COLUMN w TEXT DEFAULT 'x'`)
      db.close()
    }
    // Rewritten behind SQLite's back, as only a hand edit could: same pages, other values.
    const db = new Database(after)
    db.unsafeMode(true)
    db.pragma('writable_schema = ON')
    db.prepare("UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE name = 'keyed'").run(from, to)
    // A row id table has no index for its key.
    if (to === 'PRIMARY KEY,') db.exec("DELETE FROM sqlite_schema WHERE name = 'sqlite_autoindex_keyed_1'")
    db.close()
    const keyed = compareData(before, after).tables.find((t) => t.table === 'keyed')
    expect(keyed).toMatchObject({ status: 'differs' })
    expect(keyed?.pagesUnchanged).toBeUndefined()
  })

  test('a table whose schema entry names it in another case than its CREATE statement is still compared', () => {
    const original = new Database(before)
    original.unsafeMode(true)
    original.pragma('writable_schema = ON')
    original.exec("UPDATE sqlite_schema SET name = 'FILES', tbl_name = 'FILES' WHERE name = 'files'")
    original.close()
    const db = new Database(after)
    db.exec('DELETE FROM files')
    db.close()
    expect(compareData(before, after).tables.find((t) => t.table.toLowerCase() === 'files')).toMatchObject({
      status: 'differs',
      lost: 2,
    })
  })

  test('columns renamed in place keep their pages but not their values: the rows are compared', () => {
    const db = new Database(after)
    db.exec(
      'ALTER TABLE files RENAME COLUMN name TO tmp; ALTER TABLE files RENAME COLUMN data TO name; ALTER TABLE files RENAME COLUMN tmp TO data',
    )
    db.close()
    const files = compareData(before, after).tables.find((t) => t.table === 'files')
    expect(files).toMatchObject({ status: 'differs', lost: 2 })
    expect(files?.pagesUnchanged).toBeUndefined()
  })
})
