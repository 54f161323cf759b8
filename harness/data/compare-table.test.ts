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

  test("a changed row's sample shows a key past 2^53 (a snowflake id) exactly, with its own change", () => {
    // As a JavaScript number both keys read 1234567890123456768: the changed row was shown under a key
    // no row has, and paired with its neighbour's values.
    const build = `CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT);
      INSERT INTO t VALUES (1234567890123456768, 'neighbour'), (1234567890123456790, 'b');`
    expect(compareAfter(build, "UPDATE t SET body = 'B' WHERE id = 1234567890123456790", true)).toMatchObject(
      {
        lostSamples: ["(id=1234567890123456790; body: 'b' → 'B')"],
        addedSamples: ["(id=1234567890123456790; body: 'b' → 'B')"],
      },
    )
  })
})

describe('compareTable with text that is not valid UTF-8', () => {
  test("a changed row's sample shows both sides' bytes where both decode to the same string", () => {
    // Both read as '\uFFFD\0\uFFFD' once decoded: the sample showed the row alone, not what changed.
    const build =
      "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, CAST(x'ff00fe' AS TEXT));"
    expect(compareAfter(build, "UPDATE t SET v = CAST(x'efbfbd00efbfbd' AS TEXT)", true)).toMatchObject({
      status: 'differs',
      lostSamples: ["(id=1; v: X'ff00fe' → X'efbfbd00efbfbd') (text shown as its bytes)"],
      addedSamples: ["(id=1; v: X'ff00fe' → X'efbfbd00efbfbd') (text shown as its bytes)"],
    })
  })

  test("without a key, a changed row's samples show each side's bytes where both decode to the same string", () => {
    // Compared as a multiset of rows, the row lost and the row added both read (v='\uFFFD\0\uFFFD').
    const build = "CREATE TABLE t (n INTEGER, v TEXT); INSERT INTO t VALUES (1, CAST(x'ff00fe' AS TEXT));"
    expect(compareAfter(build, "UPDATE t SET v = CAST(x'efbfbd00efbfbd' AS TEXT)", true)).toMatchObject({
      status: 'differs',
      lostSamples: ["(n=1, v=X'ff00fe') 1× before, 0× after (text shown as its bytes)"],
      addedSamples: ["(n=1, v=X'efbfbd00efbfbd') 0× before, 1× after (text shown as its bytes)"],
    })
  })
})

describe('compareTable tells integers from reals', () => {
  test.for([
    ['with a key', 'id INTEGER PRIMARY KEY, v', '(1, 1)'],
    ['without a key', 'v', '(1)'],
  ])('a column with no type, %s: 1 rewritten as 1.0 is a change', ([, columns, row]) => {
    const build = `CREATE TABLE t (${columns}); INSERT INTO t VALUES ${row};`
    expect(compareAfter(build, 'UPDATE t SET v = 1.0')).toMatchObject({ status: 'differs', lost: 1 })
  })

  test("a changed row's sample names the storage class where the values read alike", () => {
    const build = 'CREATE TABLE t (id INTEGER PRIMARY KEY, v); INSERT INTO t VALUES (1, 1);'
    expect(compareAfter(build, 'UPDATE t SET v = 1.0', true)).toMatchObject({
      lostSamples: ['(id=1; v: 1 (integer) → 1 (real))'],
      addedSamples: ['(id=1; v: 1 (integer) → 1 (real))'],
    })
  })

  test('without a key, the row lost and the row added show 1 and 1.0 apart', () => {
    // Read as JavaScript numbers both are 1: the samples read (n=1, v=1) on both sides.
    const build = 'CREATE TABLE t (n, v); INSERT INTO t VALUES (1, 1);'
    expect(compareAfter(build, 'UPDATE t SET v = 1.0', true)).toMatchObject({
      lostSamples: ['(n=1, v=1) 1× before, 0× after'],
      addedSamples: ['(n=1, v=1.0) 0× before, 1× after'],
    })
  })

  test("a changed row's sample names the storage class of a key that only changed class", () => {
    // The key finds its row by value (1 IS 1.0): the sample read (k=1, v='a') on both sides.
    const build = "CREATE TABLE t (k PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a'), (2.5, 'b');"
    expect(compareAfter(build, 'UPDATE t SET k = 1.0 WHERE k = 1', true)).toMatchObject({
      status: 'differs',
      lostSamples: ['(k=1; k: 1 (integer) → 1 (real))'],
      addedSamples: ['(k=1; k: 1 (integer) → 1 (real))'],
    })
  })

  test.for([
    ['with no type, with a key', '(id INTEGER PRIMARY KEY, v)', '(1, -0.0)'],
    ['with no type, without a key', '(v)', '(-0.0)'],
    ['typed ANY in a STRICT table', '(id INTEGER PRIMARY KEY, v ANY) STRICT', '(1, -0.0)'],
  ])('a column %s keeps a real as stored: -0.0 rewritten as 0.0 is a change', ([, table, row]) => {
    // SQLite calls -0.0 and 0.0 equal; the application reads -0 and 0 (1 / v is -Infinity, Infinity).
    const build = `CREATE TABLE t ${table}; INSERT INTO t VALUES ${row};`
    expect(compareAfter(build, 'UPDATE t SET v = 0.0')).toMatchObject({ status: 'differs', lost: 1 })
    expect(compareAfter(build, 'UPDATE t SET v = -0.0')).toMatchObject({ status: 'same', lost: 0 })
  })

  test("a changed row's sample shows a -0.0 turned into 0.0 as such", () => {
    const build = 'CREATE TABLE t (id INTEGER PRIMARY KEY, v); INSERT INTO t VALUES (1, -0.0);'
    expect(compareAfter(build, 'UPDATE t SET v = 0.0')).toMatchObject({
      lostSamples: ['(id=1; v: -0.0 (real, negative zero) → 0 (real))'],
    })
  })

  const TYPES = ['', 'TEXT', 'INTEGER', 'REAL', 'NUMERIC', 'BLOB']
  // Values as SQLite converts them on the way in: 2.0 becomes 2 in an INTEGER column, 7 becomes 7.0 in a
  // REAL one, 1e300 stays a real everywhere, the ends of the integer range stay what they are.
  const VALUES = `(1, 7), (3, 2.5), (5, 'x'), (6, '7'), (7, '1.5'), (8, x'00'), (9, NULL),
    (10, 9223372036854775807), (11, -9223372036854775808), (14, ' 7 ')`
  // A TEXT column holds these spelled '2.0', '1.0e+300', ...: text that a number column would respell,
  // which counts as a change (see asStoredIn).
  const REALS = `, (2, 2.0), (4, 1e300), (12, 9.3e18), (13, 1e18)`
  test.for(TYPES.flatMap((from) => TYPES.map((to) => [from, to])))(
    'a rebuild from a column typed "%s" to one typed "%s" that copies every row keeps every value',
    ([from, to]) => {
      const rebuild = `CREATE TABLE copy (id INTEGER PRIMARY KEY, v ${to}); INSERT INTO copy SELECT * FROM t;
        DROP TABLE t; ALTER TABLE copy RENAME TO t`
      const rows = from === 'TEXT' ? VALUES : VALUES + REALS
      const build = `CREATE TABLE t (id INTEGER PRIMARY KEY, v ${from}); INSERT INTO t VALUES ${rows};`
      expect(compareAfter(build, rebuild, true)).toMatchObject({ status: 'same', lost: 0, added: 0 })
    },
  )
})

describe('compareTable with STRICT tables', () => {
  // A STRICT table's ANY column keeps '7' as text, where a normal table's ANY (NUMERIC) makes it 7.
  const ROWS = `(1, '7'), (2, 7), (3, 2.0), (4, ' 7 '), (5, x'00')`
  test.for([
    ['v TEXT)', 'v ANY) STRICT'],
    ['v)', 'v ANY) STRICT'],
    ['v ANY) STRICT', 'v NUMERIC)'],
  ])('a rebuild from (id, %s to (id, %s that copies every row keeps every value', ([from, to]) => {
    const build = `CREATE TABLE t (id INTEGER PRIMARY KEY, ${from}; INSERT INTO t VALUES ${ROWS};`
    const rebuild = `CREATE TABLE copy (id INTEGER PRIMARY KEY, ${to}; INSERT INTO copy SELECT * FROM t;
      DROP TABLE t; ALTER TABLE copy RENAME TO t`
    expect(compareAfter(build, rebuild, true)).toMatchObject({ status: 'same', lost: 0, added: 0 })
  })
})

describe('compareTable without a key shows a changed row apart from the row that replaced it', () => {
  // Compared as a multiset of rows, nothing pairs the row lost with the row added: cut to 24 characters,
  // 8 bytes or 4 columns, both read the same, as if the row had not changed.
  test.for([
    {
      change: 'a text changed after its 24th character',
      build:
        "CREATE TABLE t (n INTEGER, v TEXT); INSERT INTO t VALUES (1, 'abcdefghijklmnopqrstuvwxyz0123');",
      sql: "UPDATE t SET v = 'abcdefghijklmnopqrstuvwxyz0124'",
      lost: "(n=1, v=…'vwxyz0123')",
      added: "(n=1, v=…'vwxyz0124')",
    },
    {
      change: 'a blob changed after its 8th byte',
      build: "CREATE TABLE t (n INTEGER, b BLOB); INSERT INTO t VALUES (1, x'00112233445566778899');",
      sql: "UPDATE t SET b = x'001122334455667788ff'",
      lost: "(n=1, b=X'…778899')",
      added: "(n=1, b=X'…7788ff')",
    },
    {
      change: 'a change past the 4th column',
      build: 'CREATE TABLE t (a, b, c, d, e); INSERT INTO t VALUES (1, 2, 3, 4, 5);',
      sql: 'UPDATE t SET e = 6',
      lost: '(a=1, b=2, c=3, d=4, e=5)',
      added: '(a=1, b=2, c=3, d=4, e=6)',
    },
  ])('$change', ({ build, sql, lost, added }) => {
    expect(compareAfter(build, sql, true)).toMatchObject({
      status: 'differs',
      lostSamples: [`${lost} 1× before, 0× after`],
      addedSamples: [`${added} 0× before, 1× after`],
    })
    // One way, as data-preserved compares, the row lost still reads apart from the one left in its place.
    expect(compareAfter(build, sql)).toMatchObject({ lostSamples: [`${lost} 1× before, 0× after`] })
  })

  test('only the columns that differ are added, each run of the others still one `...`', () => {
    const build = 'CREATE TABLE t (a, b, c, d, e, f, g, h); INSERT INTO t VALUES (1, 2, 3, 4, 5, 6, 7, 8);'
    expect(compareAfter(build, 'UPDATE t SET f = 0', true)).toMatchObject({
      lostSamples: ['(a=1, b=2, c=3, d=4, ..., f=6, ...) 1× before, 0× after'],
      addedSamples: ['(a=1, b=2, c=3, d=4, ..., f=0, ...) 0× before, 1× after'],
    })
  })

  test('samples that already read apart are shown as they are', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz0123'
    const build = `CREATE TABLE t (a, b, c, d, e, v TEXT); INSERT INTO t VALUES (1, 2, 3, 4, 5, '${text}');`
    expect(compareAfter(build, 'UPDATE t SET a = 0, e = 6, v = v || 9', true)).toMatchObject({
      lostSamples: ['(a=1, b=2, c=3, d=4, ...) 1× before, 0× after'],
      addedSamples: ['(a=0, b=2, c=3, d=4, ...) 0× before, 1× after'],
    })
  })
})
