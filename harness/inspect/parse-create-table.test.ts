import { describe, expect, test } from 'vitest'
import { parseCreateTable } from './parse-create-table.ts'

// Made by a SQLite that accepts double-quoted strings (the C library's default build, Python's sqlite3);
// better-sqlite3 refuses to create them, but reads them.
describe('parseCreateTable, double-quoted words', () => {
  test('one that names no column is a string: its case counts', () => {
    const upper = parseCreateTable('CREATE TABLE t (s TEXT CHECK (s IN ("Active")), CHECK (s <> "Gone"))')
    const lower = parseCreateTable('CREATE TABLE t (s TEXT CHECK (s IN ("active")), CHECK (s <> "gone"))')
    expect(upper.columns[0]?.checks).toEqual(["s IN('Active')"])
    expect(upper.checks).toEqual(["s <> 'Gone'"])
    expect(lower.columns[0]?.checks).not.toEqual(upper.columns[0]?.checks)
    expect(lower.checks).not.toEqual(upper.checks)
  })

  test('one that names a column, the rowid, a table or a collation is a name: its case and quotes do not count', () => {
    const quoted = parseCreateTable(
      'CREATE TABLE t (a INT, b INT AS ("A" + 1), CHECK ("A" > "ROWID" AND "t"."b" > 0 AND a COLLATE "NOCASE" <> \'x\'))',
    )
    const plain = parseCreateTable(
      "CREATE TABLE t (a INT, b INT AS (a + 1), CHECK (a > rowid AND t.b > 0 AND a COLLATE nocase <> 'x'))",
    )
    expect(quoted.checks).toEqual(plain.checks)
    expect(quoted.columns[1]?.generated).toEqual(plain.columns[1]?.generated)
  })
})
