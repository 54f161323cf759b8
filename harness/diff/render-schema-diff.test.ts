import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import { inspectConnection } from '../inspect/inspect-connection.ts'
import type { SchemaModel } from '../inspect/model.ts'
import { diffSchemas } from './diff-schemas.ts'
import { renderSchemaDiffText, schemaDiffToJson } from './render-schema-diff.ts'

function model(sql: string): SchemaModel {
  const db = new Database(':memory:')
  try {
    db.exec(sql)
    return inspectConnection(db)
  } finally {
    db.close()
  }
}

test('the text diff spells out control characters in names and labels; JSON keeps them', () => {
  const diff = diffSchemas(model('CREATE TABLE "t\u001b[2J" ("c\rol" TEXT)'), model(''), {
    expectedLabel: 'a\u001b[31m.db',
    actualLabel: 'b.db',
  })
  expect(renderSchemaDiffText(diff)).toBe(
    [
      String.raw`Schemas differ (a\x1b[31m.db vs b.db): 1 difference`,
      String.raw`  table "t\x1b[2j"`,
      String.raw`    missing in b.db (a\x1b[31m.db: ("c\rol" TEXT))`,
      '',
    ].join('\n'),
  )
  expect(schemaDiffToJson(diff).differences[0]?.object).toBe('table "t\u001b[2j"')
})
