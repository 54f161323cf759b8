import Database from 'better-sqlite3'
import path from 'node:path'
import { dir, type DirectoryResult } from 'tmp-promise'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { compareData } from './compare-data.ts'

let folder: DirectoryResult
let made = 0

beforeEach(async () => {
  folder = await dir({ unsafeCleanup: true })
})
afterEach(() => folder.cleanup())

/** The one table's comparison after `change` ran on a copy built by `build` (two new files each call). */
function compareAfter(build: string, change: string, bidirectional = false) {
  made++
  const [before, after] = ['before', 'after'].map((side) =>
    path.join(folder.path, `${side}-${made}.sqlite`),
  ) as [string, string]
  for (const file of [before, after]) {
    const db = new Database(file)
    db.exec(build)
    db.close()
  }
  const db = new Database(after)
  db.exec(change)
  db.close()
  return compareData(before, after, { bidirectional }).tables[0]
}

describe('compareTable compares values byte for byte', () => {
  test.for([
    ['NOCASE, with a key', 'id INTEGER PRIMARY KEY, v TEXT COLLATE NOCASE', "(1, 'Alice')", "'alice'"],
    ['NOCASE, without a key', 'v TEXT COLLATE NOCASE', "('Alice')", "'alice'"],
    ['NOCASE, the key itself', 'v TEXT PRIMARY KEY COLLATE NOCASE, n INTEGER', "('Alice', 1)", "'alice'"],
    ['RTRIM', 'id INTEGER PRIMARY KEY, v TEXT COLLATE RTRIM', "(1, 'bob')", "'bob  '"],
  ])(
    'a column declared %s: a value rewritten to one its collation calls equal is a change',
    ([, columns, row, value]) => {
      const build = `CREATE TABLE t (${columns}); INSERT INTO t VALUES ${row};`
      for (const bidirectional of [false, true]) {
        expect(compareAfter(build, `UPDATE t SET v = ${value}`, bidirectional)).toMatchObject({
          status: 'differs',
          lost: 1,
        })
      }
    },
  )
})

describe('compareTable with a primary key', () => {
  test("rows with NULL in a rowid table's key are told apart by their values: one traded for another is a change", () => {
    const build = `CREATE TABLE codes (code TEXT PRIMARY KEY, v TEXT); INSERT INTO codes VALUES (NULL, 'x'), (NULL, 'x'), ('a', 'z');`
    expect(compareAfter(build, "UPDATE codes SET v = 'y' WHERE rowid = 2")).toMatchObject({
      status: 'differs',
      lost: 1,
      lostSamples: ["(code=NULL, v='x') 2× before, 1× after"],
    })
    expect(compareAfter(build, "UPDATE codes SET v = 'z' WHERE code = 'a'")).toMatchObject({ status: 'same' })
  })
})
