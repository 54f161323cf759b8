import Database from 'better-sqlite3'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { SharedReader } from '../inspect/open-read-only.ts'
import { fullTextIndexProblems } from './full-text-integrity.ts'
import { INTEGRITY_WORKER_BYTES, integrityCheck } from './integrity.ts'
import type { CheckContext } from './types.ts'

let folder: { path: string; cleanup: () => Promise<void> }
beforeAll(async () => {
  folder = await dir({ unsafeCleanup: true })
})
afterAll(() => folder.cleanup())

/** A database with one orphan row (foreign keys off while it was written), and `padding` bytes of blob. */
function orphanDatabase(name: string, padding: number): string {
  const file = path.join(folder.path, name)
  const db = new Database(file)
  db.pragma('foreign_keys = OFF')
  db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id));
    CREATE TABLE padding (data BLOB);
    INSERT INTO child VALUES (1, 99);`)
  if (padding > 0) db.prepare('INSERT INTO padding VALUES (zeroblob(?))').run(padding)
  db.close()
  return file
}

const readers: SharedReader[] = []
afterEach(() => {
  for (const reader of readers.splice(0)) reader[Symbol.dispose]()
})

/** What the gate gives the check: the upgraded file, and its shared read-only connection. */
function context(dbPath: string): CheckContext {
  const reader = new SharedReader(dbPath)
  readers.push(reader)
  return { upgraded: { dbPath, connection: () => reader.db } } as unknown as CheckContext
}

describe('integrity', { timeout: 60_000 }, () => {
  test.for([
    ['a small database, read on this thread', 0],
    ['a large database, read on a worker thread', INTEGRITY_WORKER_BYTES + 1024],
  ] as const)('reports a foreign key violation in %s', async ([, padding]) => {
    const outcome = await integrityCheck.run(context(orphanDatabase(`db-${padding}.sqlite`, padding)))
    expect(outcome.status).toBe('fail')
    expect(outcome.message).toBe(
      'foreign_key_check: 1 row violates foreign keys, e.g. child rowid 1 references a missing parent row',
    )
  })

  test.for([
    ['an external-content index that holds none of the rows made before it', 'fail', ''],
    [
      'an external-content index rebuilt over them',
      'pass',
      `INSERT INTO "Search Index" ("Search Index") VALUES ('rebuild')`,
    ],
    [
      'an index that leaves rows out by design (only some notes)',
      'pass',
      `INSERT INTO "Search Index" (rowid, body) SELECT id, body FROM "Notes" WHERE id = 1`,
    ],
    [
      'an index of transformed text (upper-cased before indexing)',
      'pass',
      `INSERT INTO "Search Index" (rowid, body) SELECT id, upper(body) FROM "Notes"`,
    ],
    ['a contentless index, which has no table to agree with', 'pass', ''],
  ] as const)('checks full-text indexes against their table: %s', async ([kind, status, fill]) => {
    const file = path.join(folder.path, `fts-${kind.length}.sqlite`)
    const db = new Database(file)
    db.exec(`CREATE TABLE "Notes" (id INTEGER PRIMARY KEY, body TEXT);
      INSERT INTO "Notes" (body) VALUES ('tomatoes in the garden'), ('beans');`)
    if (kind.startsWith('a contentless'))
      db.exec("CREATE VIRTUAL TABLE search USING fts5 (body, content = '')")
    else
      db.exec(
        `CREATE VIRTUAL TABLE "Search Index" USING fts5 (body, content = "Notes", content_rowid = 'id')`,
      )
    if (fill) db.exec(fill)
    db.close()
    const outcome = await integrityCheck.run(context(file))
    expect(outcome.status).toBe(status)
    if (status === 'fail') {
      expect(outcome.message).toBe(
        `full-text index "Search Index" holds none of the rows of its table (content = 'notes'): an index made ` +
          `over existing rows needs INSERT INTO "Search Index" ("Search Index") VALUES ('rebuild')`,
      )
    }
  })

  test('names a full-text index whose table cannot be read', () => {
    const db = new Database(':memory:')
    db.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
      CREATE VIRTUAL TABLE s USING fts5 (body, content = 'notes', content_rowid = 'id'); DROP TABLE notes;`)
    expect(fullTextIndexProblems(db)).toEqual([
      'full-text index "s" reads its rows from content = \'notes\', which cannot be read (no such table: notes)',
    ])
    db.close()
  })

  test('passes a sound database', async () => {
    const file = path.join(folder.path, 'sound.sqlite')
    new Database(file).exec('CREATE TABLE t (x)').close()
    expect(await integrityCheck.run(context(file))).toMatchObject({ status: 'pass' })
  })
})
