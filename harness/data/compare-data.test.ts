import Database from 'better-sqlite3'
import path from 'node:path'
import { dir, type DirectoryResult } from 'tmp-promise'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { compareData } from './compare-data.ts'
import { countRows } from './count-rows.ts'
import { renderDataComparison } from './render-data-comparison.ts'

const SCHEMA = `
  CREATE TABLE notes (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, body TEXT, updated_at TEXT);
  CREATE TABLE tokens (id INTEGER PRIMARY KEY, token TEXT);
  CREATE TABLE schema_migrations (migration_name TEXT PRIMARY KEY, applied_at TEXT);
  CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id');
`
const FILL = `
  INSERT INTO notes (id, slug, body, updated_at) VALUES (1, 'first', 'hello', '2024-01-01'), (7, 'héllo', NULL, NULL),
    (9, 'third', '', '2024-01-03');
  INSERT INTO tokens (token) VALUES ('abc'), ('def');
  INSERT INTO schema_migrations VALUES ('0000_initial', '2024-01-01');
`

let folder: DirectoryResult
let before: string
let after: string

function make(file: string, sql: string): void {
  const db = new Database(file)
  db.exec(sql)
  db.close()
}

beforeEach(async () => {
  folder = await dir({ unsafeCleanup: true })
  before = path.join(folder.path, 'before.sqlite')
  after = path.join(folder.path, 'after.sqlite')
  make(before, SCHEMA + FILL)
})
afterEach(() => folder.cleanup())

describe('compareData', () => {
  test('an identical copy compares the same both ways', () => {
    make(after, SCHEMA + FILL)
    const result = compareData(before, after, { bidirectional: true })
    expect(result.ok).toBe(true)
    expect(result.tables.find((t) => t.table === 'notes_fts')?.status).toBe('skipped')
    expect(renderDataComparison(result)).toMatch(/every compared row of before is in after/)
  })

  test('tables and columns whose names differ only in non-ASCII case are distinct, as SQLite has them', () => {
    const odd = `CREATE TABLE "Äpfel" (id INTEGER PRIMARY KEY, "Äpfelsorte" TEXT, "äpfelsorte" TEXT);
      CREATE TABLE "äpfel" (id INTEGER PRIMARY KEY, v TEXT);
      INSERT INTO "Äpfel" VALUES (1, 'A', 'a'), (2, 'B', 'b'); INSERT INTO "äpfel" VALUES (1, 'x');`
    const [a, b, c] = ['a', 'b', 'c'].map((name) => path.join(folder.path, `${name}.sqlite`)) as [
      string,
      string,
      string,
    ]
    make(a, odd)
    make(b, odd)
    expect(compareData(a, b, { bidirectional: true }).ok).toBe(true)
    make(c, odd + `UPDATE "Äpfel" SET "äpfelsorte" = 'changed' WHERE id = 2;`)
    const changed = compareData(a, c, {})
    expect(changed.tables.filter((t) => t.status === 'differs').map((t) => t.table)).toEqual(['Äpfel'])
  })

  test('catches a lost row, with a sample naming it', () => {
    make(after, SCHEMA + FILL + `DELETE FROM notes WHERE id = 7;`)
    const result = compareData(before, after)
    const notes = result.tables.find((t) => t.table === 'notes')
    expect(result.ok).toBe(false)
    expect(notes).toMatchObject({ status: 'differs', lost: 1, beforeRows: 3 })
    expect(renderDataComparison(result)).toContain(
      "table notes: 1 of 3 rows lost or changed, e.g. (id=7, slug='héllo', body=NULL, updated_at=NULL)",
    )
  })

  test('a changed row shows its key and what changed, also past the columns a row sample shows', () => {
    const wide = `CREATE TABLE wide (a, b, c, d, e, f, PRIMARY KEY (a, b)) WITHOUT ROWID;
      INSERT INTO wide VALUES (1, 'x', 3, 4, 5, 'same'), (2, 'y', 3, 4, 5, X'00'), (3, 'z', 0, 0, 0, 0);`
    const [a, b] = ['a', 'b'].map((name) => path.join(folder.path, `${name}.sqlite`)) as [string, string]
    make(a, wide)
    make(b, wide + `UPDATE wide SET f = 'changed' WHERE a = 1; UPDATE wide SET f = X'01' WHERE a = 2;`)
    const lines = renderDataComparison(compareData(a, b, { bidirectional: true })).split('\n')
    expect(lines.slice(0, 2)).toEqual([
      "table wide: 2 of 3 rows lost or changed, e.g. (a=1, b='x'; f: 'same' → 'changed'), (a=2, b='y'; f: X'00' → X'01')",
      "table wide: 2 of 3 rows in after are new or changed, e.g. (a=1, b='x'; f: 'same' → 'changed'), (a=2, b='y'; f: X'00' → X'01')",
    ])
  })

  test('on a connection already open on `after`: the same result, and the connection left as it was', () => {
    make(after, SCHEMA + FILL + `DELETE FROM notes WHERE id = 7;`)
    const open = new Database(after, { readonly: true })
    try {
      expect(compareData(before, open)).toEqual(compareData(before, after))
      expect(open.prepare('PRAGMA database_list').all()).toHaveLength(1)
      expect(open.open).toBe(true)
    } finally {
      open.close()
    }
  })

  test('catches a changed value and a NULL turned into an empty string', () => {
    make(
      after,
      SCHEMA +
        FILL +
        `UPDATE notes SET body = 'HELLO' WHERE id = 1; UPDATE notes SET body = '' WHERE id = 7;`,
    )
    const notes = compareData(before, after).tables.find((t) => t.table === 'notes')
    expect(notes?.lost).toBe(2)
  })

  test('a lost table and lost rows are accepted by allowLoss, and reported as allowed', () => {
    make(
      after,
      SCHEMA.replace(/CREATE TABLE tokens[^;]*;/, '') + FILL.replace(/INSERT INTO tokens[^;]*;/, ''),
    )
    const refused = compareData(before, after)
    expect(refused.ok).toBe(false)
    expect(refused.tables.find((t) => t.table === 'tokens')).toMatchObject({ status: 'dropped', lost: 2 })
    const accepted = compareData(before, after, {
      allowLoss: [{ table: 'tokens', reason: 'plain tokens invalidated' }],
    })
    expect(accepted.ok).toBe(true)
    expect(renderDataComparison(accepted)).toContain('table tokens: 2 of 2 rows lost or changed')

    make(path.join(folder.path, 'emptied.sqlite'), SCHEMA + FILL + 'DELETE FROM tokens;')
    const emptied = path.join(folder.path, 'emptied.sqlite')
    expect(compareData(before, emptied).ok).toBe(false)
    expect(compareData(before, emptied, { allowLoss: [{ table: 'TOKENS', reason: 'x' }] }).ok).toBe(true)
  })

  test('the rendering puts what differs first, before allowed losses and skipped tables', () => {
    make(after, SCHEMA + FILL + `DELETE FROM notes WHERE id = 1; DELETE FROM tokens WHERE token = 'def';`)
    const result = compareData(before, after, { allowLoss: [{ table: 'notes', reason: 'pruned' }] })
    const lines = renderDataComparison(result).split('\n')
    expect(lines[0]).toBe("table tokens: 1 of 2 rows lost or changed, e.g. (id=2, token='def')")
    expect(lines[1]).toBe('table notes: 1 of 3 rows lost or changed (allowed: pruned)')
    expect(lines.at(-1)).toBe('data: 1 of 4 tables differ between before and after')
  })

  test('allowChange, volatile and excluded tables are left out', () => {
    make(
      after,
      SCHEMA +
        FILL +
        `UPDATE notes SET updated_at = 'later'; UPDATE schema_migrations SET applied_at = 'now', migration_name = 'x';`,
    )
    expect(compareData(before, after).ok).toBe(false)
    const result = compareData(before, after, {
      volatile: [{ table: 'notes', column: 'updated_at' }],
      excludeTables: ['schema_migrations'],
      bidirectional: true,
    })
    expect(result.ok).toBe(true)
    expect(result.tables.find((t) => t.table === 'notes')?.excludedColumns).toEqual([
      { column: 'updated_at', why: 'volatile' },
    ])
  })

  test('a table names the rule that accepted its loss or left a column out, by its place in the list', () => {
    make(after, SCHEMA + FILL + `DELETE FROM tokens WHERE id = 1; UPDATE notes SET body = 'edited';`)
    const result = compareData(before, after, {
      allowLoss: [
        { table: 'notes', reason: 'unused: notes lose nothing' },
        { table: 'notes', column: 'BODY', reason: 'bodies rewritten' },
        { table: 'tokens', reason: 'expired tokens pruned' },
        { table: 'tokens', reason: 'a second rule for the same table' },
      ],
      allowChange: [
        { table: 'nowhere', column: 'x', reason: 'matches no table' },
        { table: 'notes', column: 'updated_at', reason: 'touched' },
      ],
    })
    expect(result.ok).toBe(true)
    const notes = result.tables.find((t) => t.table === 'notes')
    expect(notes?.allowedBy).toBeUndefined()
    expect(notes?.excludedColumns).toEqual([
      { column: 'body', why: 'allowLoss: bodies rewritten', rule: { list: 'allowLoss', index: 1 } },
      { column: 'updated_at', why: 'allowChange: touched', rule: { list: 'allowChange', index: 1 } },
    ])
    expect(result.tables.find((t) => t.table === 'tokens')).toMatchObject({
      status: 'allowed',
      allowedBy: { list: 'allowLoss', index: 2 },
    })
  })

  test('bidirectional catches added rows and new tables; one-way does not', () => {
    make(
      after,
      SCHEMA +
        FILL +
        `INSERT INTO tokens (token) VALUES ('new'); CREATE TABLE extra (x); INSERT INTO extra VALUES (1);`,
    )
    expect(compareData(before, after).ok).toBe(true)
    const both = compareData(before, after, { bidirectional: true })
    expect(both.ok).toBe(false)
    expect(both.tables.find((t) => t.table === 'tokens')).toMatchObject({ status: 'differs', added: 1 })
    expect(both.tables.find((t) => t.table === 'extra')).toMatchObject({ status: 'added', added: 1 })
  })

  test('compares as SQLite stores: a rebuild that turns text digits into integers changes nothing', () => {
    const [text, integer, changed] = ['text.sqlite', 'integer.sqlite', 'changed.sqlite'].map((f) =>
      path.join(folder.path, f),
    )
    const rows = `INSERT INTO counts VALUES ('a', '7'), ('b', 'x'), ('c', 12);`
    make(text!, `CREATE TABLE counts (name TEXT, n TEXT); ${rows}`)
    make(integer!, `CREATE TABLE counts (name TEXT, n INTEGER); ${rows}`)
    make(
      changed!,
      `CREATE TABLE counts (name TEXT, n INTEGER); ${rows} UPDATE counts SET n = 8 WHERE name = 'a';`,
    )
    expect(compareData(text!, integer!, { bidirectional: true }).ok).toBe(true)
    expect(compareData(integer!, text!, { bidirectional: true }).ok).toBe(true)
    expect(compareData(text!, changed!).ok).toBe(false)
  })

  test('a lost duplicate row shows in the counts even though EXCEPT is set-based', () => {
    const [two, one] = ['two.sqlite', 'one.sqlite'].map((f) => path.join(folder.path, f))
    make(two!, `CREATE TABLE log (line TEXT); INSERT INTO log VALUES ('x'), ('x');`)
    make(one!, `CREATE TABLE log (line TEXT); INSERT INTO log VALUES ('x');`)
    expect(compareData(two!, one!).tables[0]).toMatchObject({ status: 'differs', lost: 1 })
  })

  test('a duplicate traded for another, same rows and same count, is a change in a table without a key', () => {
    const [a, b, c, d] = ['a.sqlite', 'b.sqlite', 'c.sqlite', 'd.sqlite'].map((f) =>
      path.join(folder.path, f),
    )
    make(a!, `CREATE TABLE pairs (x INTEGER, y INTEGER); INSERT INTO pairs VALUES (1, 2), (1, 2), (3, 4);`)
    make(b!, `CREATE TABLE pairs (x INTEGER, y INTEGER); INSERT INTO pairs VALUES (1, 2), (3, 4), (3, 4);`)
    make(c!, `CREATE TABLE pairs (x INTEGER, y INTEGER); INSERT INTO pairs VALUES (3, 4), (1, 2), (1, 2);`)
    expect(compareData(a!, b!, { bidirectional: true }).tables[0]).toMatchObject({
      status: 'differs',
      lost: 1,
      lostSamples: ['(x=1, y=2) 2× before, 1× after'],
      added: 1,
      addedSamples: ['(x=3, y=4) 1× before, 2× after'],
    })
    expect(compareData(a!, c!, { bidirectional: true }).tables[0]).toMatchObject({ status: 'same', lost: 0 })
    // A key that is only partly compared (one column volatile) tells no rows apart either.
    const [e, f] = ['e.sqlite', 'f.sqlite'].map((name) => path.join(folder.path, name))
    make(
      e!,
      `CREATE TABLE t (a INTEGER, b INTEGER, c TEXT, PRIMARY KEY (a, b)); INSERT INTO t VALUES (1, 1, 'x'), (1, 2, 'x'), (2, 3, 'y');`,
    )
    make(
      f!,
      `CREATE TABLE t (a INTEGER, b INTEGER, c TEXT, PRIMARY KEY (a, b)); INSERT INTO t VALUES (1, 1, 'x'), (2, 2, 'y'), (2, 3, 'y');`,
    )
    expect(compareData(e!, f!, { volatile: [{ table: 't', column: 'b' }] }).tables[0]).toMatchObject({
      status: 'differs',
      lost: 1,
    })
    // One way (data-preserved), a row that only gained a copy lost nothing.
    make(
      d!,
      `CREATE TABLE pairs (x INTEGER, y INTEGER); INSERT INTO pairs VALUES (1, 2), (1, 2), (3, 4), (3, 4);`,
    )
    expect(compareData(a!, d!).tables[0]).toMatchObject({ status: 'same', lost: 0 })
  })

  test('both files are left byte-identical', async () => {
    make(after, SCHEMA + FILL)
    const { readFile } = await import('node:fs/promises')
    const [a, b] = [await readFile(before), await readFile(after)]
    compareData(before, after, { bidirectional: true })
    expect((await readFile(before)).equals(a)).toBe(true)
    expect((await readFile(after)).equals(b)).toBe(true)
  })
})

test('a full-text table with its own content is compared through its columns', async () => {
  const fts = `CREATE VIRTUAL TABLE search USING fts5(title, body); INSERT INTO search VALUES ('a', 'first'), ('b', NULL);`
  const [one, two] = ['fts1.sqlite', 'fts2.sqlite'].map((f) => path.join(folder.path, f))
  make(one!, fts)
  make(two!, fts + `UPDATE search SET body = 'changed' WHERE title = 'a';`)
  expect(compareData(one!, one!).ok).toBe(true)
  const result = compareData(one!, two!)
  expect(result.tables.find((t) => t.table === 'search')).toMatchObject({
    status: 'differs',
    lost: 1,
    columns: ['title', 'body'],
  })
  expect(result.tables.some((t) => t.table.startsWith('search_'))).toBe(false)
})

describe('countRows', () => {
  test('counts user tables, not virtual or shadow tables', () => {
    expect(countRows(before)).toEqual({ notes: 3, schema_migrations: 1, tokens: 2 })
  })
})
