import { describe, expect, test } from 'vitest'
import { canonicalName, normalizeExpression, normalizeSql } from './normalize-sql.ts'
import { parseCreateIndex } from './parse-create-index.ts'

describe('normalizeSql', () => {
  test('whitespace, comments, keyword case, quoting and IF NOT EXISTS do not matter', () => {
    const a = normalizeSql(
      'CREATE VIEW IF NOT EXISTS "Recent" AS SELECT id FROM [notes] -- newest\n WHERE x > 1;',
    )
    const b = normalizeSql('create   view recent as /* c */ select "ID" from `Notes` where X>1')
    expect(a).toBe(b)
    expect(a).toBe('CREATE VIEW recent AS SELECT id FROM notes WHERE x > 1')
  })

  test('string literals stay exact', () => {
    expect(normalizeSql("SELECT 'Draft'")).not.toBe(normalizeSql("SELECT 'draft'"))
    expect(normalizeSql("SELECT 'a  b'")).toBe("SELECT 'a  b'")
  })

  test('names that need quotes keep them, in canonical form', () => {
    expect(canonicalName('my table')).toBe('"my table"')
    expect(canonicalName('Order')).toBe('ORDER')
    expect(normalizeSql('SELECT "order" FROM t')).toBe(normalizeSql('select [ORDER] from T'))
  })

  test('function calls and parentheses are spaced one way', () => {
    expect(normalizeSql('SELECT lower ( x ) , count(*)')).toBe('SELECT lower(x), count(*)')
  })
})

describe('normalizeExpression', () => {
  test('redundant outer parentheses go, inner ones stay', () => {
    expect(normalizeExpression("((datetime('now')))")).toBe("datetime('now')")
    expect(normalizeExpression('(a) + (b)')).toBe('(a) + (b)')
  })
})

describe('parseCreateIndex, double-quoted words', () => {
  test('given the schema names, one that names none of them is a string: its case counts', () => {
    const names = new Set(['s', 'notes'])
    const upper = parseCreateIndex('CREATE INDEX i ON "Notes"("S") WHERE "S" = "Active"', names)
    expect(upper).toEqual({ keys: ['s'], where: `s = 'Active'` })
    expect(parseCreateIndex('CREATE INDEX i ON notes(s) WHERE s = "active"', names).where).not.toBe(
      upper.where,
    )
  })
})
