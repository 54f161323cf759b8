import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import { inspectConnection } from './inspect-connection.ts'
import { renderSchemaModelText } from './render-schema-model.ts'

test('renderSchemaModelText lists every object on one line', () => {
  const db = new Database(':memory:')
  db.exec(`
    CREATE TABLE notes (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, body TEXT DEFAULT '');
    CREATE INDEX idx_notes_body ON notes(body) WHERE body <> '';
    CREATE VIEW recent AS SELECT * FROM notes;
    CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN SELECT 1; END;
    CREATE VIRTUAL TABLE search USING fts5(body);
  `)
  const text = renderSchemaModelText(inspectConnection(db))
  db.close()
  expect(text.split('\n')).toEqual([
    'database: user_version 0, application_id 0, auto_vacuum none, rollback journal, UTF-8, page_size 4096',
    "table notes (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, body TEXT DEFAULT '')",
    "index idx_notes_body ON notes(body) WHERE body <> ''",
    'view recent: CREATE VIEW recent AS SELECT * FROM notes',
    'trigger notes_ai: CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN SELECT 1; END',
    'virtual table search USING fts5(body)',
    '',
  ])
})

test('renderSchemaModelText spells out control characters in names and SQL, keeping one object a line', () => {
  const db = new Database(':memory:')
  db.exec(`
    CREATE TABLE "t\u001b[31mred" ("c\rol" TEXT);
    CREATE INDEX "i\u001b]0;title\u0007" ON "t\u001b[31mred"("c\rol");
    CREATE VIEW v AS SELECT 'a\nb' AS x;
  `)
  const text = renderSchemaModelText(inspectConnection(db))
  db.close()
  expect(text.split('\n').slice(1)).toEqual([
    String.raw`table "t\x1b[31mred" ("c\rol" TEXT)`,
    String.raw`index "i\x1b]0;title\x07" ON "t\x1b[31mred"("c\rol")`,
    String.raw`view v: CREATE VIEW v AS SELECT 'a\nb' AS x`,
    '',
  ])
})
