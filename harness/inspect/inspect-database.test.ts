import { createHash } from 'node:crypto'
import { copyFileSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { InputError } from '../errors.ts'
import { inspectConnection } from './inspect-connection.ts'
import { inspectDatabase } from './inspect-database.ts'
import { scratchDatabases, type ScratchDatabases } from './scratch-databases.ts'

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex')

const RICH_SCHEMA = `
  PRAGMA user_version = 7; PRAGMA application_id = 42;
  CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL COLLATE NOCASE UNIQUE);
  CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    body TEXT NOT NULL DEFAULT ('') CHECK (length(body) < 10000),
    words INTEGER GENERATED ALWAYS AS (length(body) - length(replace(body, ' ', '')) + 1) STORED,
    CONSTRAINT one_body CHECK (body <> 'x'), UNIQUE (user_id, body)
  ) STRICT;
  CREATE INDEX idx_notes_body ON notes(lower(body) COLLATE NOCASE DESC, id) WHERE body <> '';
  CREATE VIEW recent AS SELECT * FROM notes ORDER BY id DESC;
  CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN SELECT 1; END;
  CREATE VIRTUAL TABLE search USING fts5(body, content = 'notes');
`

describe('inspectDatabase', { timeout: 30_000 }, () => {
  let dbs: ScratchDatabases
  beforeAll(async () => {
    dbs = await scratchDatabases()
  })
  afterAll(async () => {
    await dbs[Symbol.asyncDispose]()
  })

  test('captures every part of the model', () => {
    const model = inspectDatabase(dbs.build(RICH_SCHEMA))
    expect(model.settings).toMatchObject({
      userVersion: 7,
      applicationId: 42,
      autoVacuum: 'none',
      wal: false,
    })
    expect(Object.keys(model.tables).sort()).toEqual(['notes', 'users'])
    const notes = model.tables['notes']
    expect(notes?.strict).toBe(true)
    expect(notes?.checks).toEqual(["body <> 'x'"])
    expect(notes?.uniques).toEqual([{ columns: ['user_id', 'body'] }])
    expect(notes?.foreignKeys).toEqual([
      {
        columns: ['user_id'],
        parent: 'users',
        parentColumns: ['id'],
        onDelete: 'CASCADE',
        onUpdate: 'NO ACTION',
        match: 'NONE',
        deferrable: 'DEFERRABLE INITIALLY DEFERRED',
      },
    ])
    const body = notes?.columns.find((c) => c.name === 'body')
    expect(body).toMatchObject({
      type: 'TEXT',
      notNull: true,
      default: "''",
      checks: ['length(body) < 10000'],
    })
    expect(notes?.columns.find((c) => c.name === 'words')?.generated).toEqual({
      expression: "length(body) - length(REPLACE(body, ' ', '')) + 1",
      storage: 'STORED',
    })
    expect(model.tables['users']).toMatchObject({ autoincrement: true, uniques: [{ columns: ['email'] }] })
    expect(model.tables['users']?.columns[1]?.collation).toBe('NOCASE')
    expect(model.indexes['idx_notes_body']).toEqual({
      name: 'idx_notes_body',
      table: 'notes',
      unique: false,
      where: "body <> ''",
      keys: [
        { column: 'lower(body)', expression: true, desc: true, collation: 'NOCASE' },
        { column: 'id', expression: false, desc: false, collation: 'BINARY' },
      ],
    })
    expect(model.views['recent']?.sql).toBe('CREATE VIEW recent AS SELECT * FROM notes ORDER BY id DESC')
    expect(model.triggers['notes_ai']).toMatchObject({ table: 'notes' })
    expect(model.virtualTables['search']).toMatchObject({
      module: 'fts5',
      arguments: ['body', "content = 'notes'"],
    })
    expect(model.virtualTables['search']?.shadowTables).toContain('search_data')
  })

  test('never writes: the file is byte-identical afterwards, also in WAL mode', () => {
    for (const sql of [RICH_SCHEMA, `PRAGMA journal_mode = WAL; ${RICH_SCHEMA}`]) {
      const file = dbs.build(sql)
      const before = sha256(file)
      const model = inspectDatabase(file)
      expect(sha256(file)).toBe(before)
      expect(model.settings.wal).toBe(sql.includes('WAL'))
      expect(readdirSync(dbs.dir).filter((f) => f.startsWith(path.basename(file)))).toEqual([
        path.basename(file),
      ])
    }
  })

  test('inspectConnection sees the same model as inspectDatabase', () => {
    const file = dbs.build(RICH_SCHEMA)
    const db = new Database(file, { readonly: true })
    try {
      expect(inspectConnection(db)).toEqual(inspectDatabase(file))
    } finally {
      db.close()
    }
  })

  test('a file that is not SQLite is refused with one line naming it', () => {
    const file = path.join(dbs.dir, 'notes.txt')
    writeFileSync(file, 'just some text, long enough to fill a header '.repeat(5))
    expect(() => inspectDatabase(file)).toThrow(new InputError(`${file}: not a SQLite database`))
  })

  test('a truncated database is refused', () => {
    const file = dbs.build(
      `${RICH_SCHEMA} CREATE TABLE big (x); INSERT INTO big SELECT randomblob(5000) FROM generate_series(1, 20);`.replace(
        'generate_series(1, 20)',
        '(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20) SELECT i FROM n)',
      ),
    )
    truncateSync(file, 4096 * 3)
    expect(() => inspectDatabase(file)).toThrow(/: database is truncated or corrupt \(/)
    truncateSync(file, 50)
    expect(() => inspectDatabase(file)).toThrow(InputError)
  })

  test('a database with a hot journal is an input error naming it, and is left as it was', () => {
    // A copy taken mid-transaction: the file holds uncommitted pages, the journal what they replaced.
    const source = dbs.build('CREATE TABLE t (a)')
    const file = path.join(dbs.dir, 'mid-transaction.sqlite')
    const db = new Database(source)
    db.pragma('cache_size = 1')
    db.exec('BEGIN')
    for (let i = 0; i < 200; i++) db.prepare('INSERT INTO t VALUES (randomblob(500))').run()
    copyFileSync(source, file)
    copyFileSync(`${source}-journal`, `${file}-journal`)
    db.exec('ROLLBACK')
    db.close()
    const before = [sha256(file), sha256(`${file}-journal`)]
    expect(() => inspectDatabase(file)).toThrow(InputError)
    expect(() => inspectDatabase(file)).toThrow(
      `${file}: has a hot journal (${file}-journal: a transaction never committed), which a read-only open cannot roll back`,
    )
    expect([sha256(file), sha256(`${file}-journal`)]).toEqual(before)
  })

  test('a missing file is an input error, not a new database', () => {
    const file = path.join(dbs.dir, 'absent.sqlite')
    expect(() => inspectDatabase(file)).toThrow(`${file}: no such file`)
  })
})

describe('unusual but legal spellings', () => {
  test('a column named with a string literal still gets its collation and CHECK', () => {
    const db = new Database(':memory:')
    db.exec(`CREATE TABLE t ('my col' TEXT COLLATE NOCASE CHECK ("my col" <> ''))`)
    const column = inspectConnection(db).tables['t']?.columns[0]
    db.close()
    expect(column).toMatchObject({ name: '"my col"', collation: 'NOCASE', checks: [`"my col" <> ''`] })
  })
})

// Made by a SQLite that accepts double-quoted strings (the C library's default build, Python's sqlite3).
// better-sqlite3 refuses to make such statements, so the stored text is written into sqlite_schema (which
// unsafe mode allows).
describe('double-quoted words in triggers, views and indexes', () => {
  function triggerAndViewSql(when: string, label: string): { trigger: string; view: string } {
    const db = new Database(':memory:')
    db.exec(`CREATE TABLE notes (s TEXT, "Body" TEXT); CREATE TABLE log (x TEXT);
      CREATE TRIGGER notes_ai AFTER INSERT ON notes WHEN WHEN_HERE BEGIN INSERT INTO log VALUES (new.s); END;
      CREATE VIEW labelled AS SELECT s, 'LABEL_HERE' AS kind FROM notes;`)
    db.unsafeMode(true)
    db.pragma('writable_schema = ON')
    db.prepare(`UPDATE sqlite_schema SET sql = replace(sql, 'WHEN_HERE', ?) WHERE name = 'notes_ai'`).run(
      when,
    )
    db.prepare(
      `UPDATE sqlite_schema SET sql = replace(sql, '''LABEL_HERE''', ?) WHERE name = 'labelled'`,
    ).run(label)
    const model = inspectConnection(db)
    db.close()
    return { trigger: model.triggers['notes_ai']!.sql, view: model.views['labelled']!.sql }
  }

  test('one that names nothing in the schema is a string: its case counts', () => {
    const upper = triggerAndViewSql('new.s = "Active"', '"Draft"')
    const lower = triggerAndViewSql('new.s = "active"', '"draft"')
    expect(upper.trigger).toContain(`WHEN new.s = 'Active'`)
    expect(upper.view).toContain(`SELECT s, 'Draft' AS kind`)
    expect(lower.trigger).not.toBe(upper.trigger)
    expect(lower.view).not.toBe(upper.view)
    expect(triggerAndViewSql(`new.s = 'Active'`, `'Draft'`)).toEqual(upper)
  })

  test('one that names a table or column is a name: its case and quotes do not count', () => {
    expect(triggerAndViewSql('"NOTES"."S" = "body"', '"S"')).toEqual(triggerAndViewSql('notes.s = Body', 's'))
  })
})

// SQLite reads a double-quoted word as a name when the statement itself declares it: an alias, a CTE, a
// window. Such words must not read as strings, or quoting an alias becomes a schema difference.
describe('double-quoted names a statement declares itself', () => {
  function sqlOf(statements: string): { views: string[]; trigger: string } {
    const db = new Database(':memory:')
    db.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, s TEXT); ${statements}`)
    const model = inspectConnection(db)
    db.close()
    return { views: Object.values(model.views).map((v) => v.sql), trigger: model.triggers['t']!.sql }
  }

  test.for([
    ['a CTE and its columns', `WITH "recent"("k") AS (SELECT id FROM notes) SELECT "k" FROM "recent"`],
    ['a table alias', `SELECT "n".id FROM notes AS "n"`],
    ['a table alias without AS', `SELECT "n".id FROM notes "n"`],
    ['a column alias used in ORDER BY', `SELECT count(*) AS "total" FROM notes ORDER BY "total"`],
    ['a column alias without AS', `SELECT count(*) "total" FROM notes`],
    [
      'column aliases without AS after a literal or END',
      // In a subquery, so that no column of the view spells them.
      `SELECT count(*) FROM (SELECT 1 "one", 'x' "label", X'00' "b", NULL "nada", CASE WHEN id > 0 THEN 1 END "big" FROM notes)`,
    ],
    ['a window', `SELECT row_number() OVER "w" FROM notes WINDOW "w" AS (ORDER BY id)`],
  ] as const)('%s: quoted or not is the same view and trigger', ([, select]) => {
    const bare = select.replaceAll('"', '')
    const make = (body: string) =>
      `CREATE VIEW v AS ${body}; CREATE TRIGGER t AFTER INSERT ON notes BEGIN SELECT * FROM (${body}); END;`
    expect(sqlOf(make(select))).toEqual(sqlOf(make(bare)))
  })
})
