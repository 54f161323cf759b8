import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { inspectDatabase } from '../inspect/inspect-database.ts'
import { scratchDatabases, type ScratchDatabases } from '../inspect/scratch-databases.ts'
import { diffSchemas } from './diff-schemas.ts'
import type { DiffOptions } from './types.ts'

/** A fresh schema and a migrated one that differ in exactly one way, and how that way must be named. */
interface DriftCase {
  name: string
  fresh: string
  migrated: string
  object: string
  property: string
  options?: DiffOptions
}

const NOTES = 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);'
const USERS = 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);'

const cases: DriftCase[] = [
  // tables
  {
    name: 'WITHOUT ROWID lost in a rebuild',
    fresh: 'CREATE TABLE kv (k TEXT NOT NULL PRIMARY KEY, v TEXT) WITHOUT ROWID;',
    migrated: 'CREATE TABLE kv (k TEXT NOT NULL PRIMARY KEY, v TEXT);',
    object: 'table kv',
    property: 'WITHOUT ROWID',
  },
  {
    name: 'STRICT missing',
    fresh: 'CREATE TABLE kv (k TEXT, v INTEGER) STRICT;',
    migrated: 'CREATE TABLE kv (k TEXT, v INTEGER);',
    object: 'table kv',
    property: 'STRICT',
  },
  {
    name: 'a table the migrations never create',
    fresh: `${NOTES} CREATE TABLE tags (name TEXT);`,
    migrated: NOTES,
    object: 'table tags',
    property: 'definition',
  },
  // columns
  {
    name: 'a column never added (the rc.1 bug)',
    fresh: 'CREATE TABLE tokens (id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE);',
    migrated:
      'CREATE TABLE tokens (id INTEGER PRIMARY KEY, token TEXT); ALTER TABLE tokens DROP COLUMN token;',
    object: 'table tokens',
    property: 'column token_hash',
  },
  {
    name: 'declared type',
    fresh: `${NOTES} ALTER TABLE notes ADD COLUMN views INTEGER;`,
    migrated: `${NOTES} ALTER TABLE notes ADD COLUMN views TEXT;`,
    object: 'table notes',
    property: 'column views: type',
  },
  {
    name: 'NOT NULL',
    fresh: `${NOTES} ALTER TABLE notes ADD COLUMN slug TEXT NOT NULL DEFAULT '';`,
    migrated: `${NOTES} ALTER TABLE notes ADD COLUMN slug TEXT DEFAULT '';`,
    object: 'table notes',
    property: 'column slug: NOT NULL',
  },
  {
    name: 'default expression',
    fresh: `${NOTES} ALTER TABLE notes ADD COLUMN status TEXT DEFAULT 'draft';`,
    migrated: `${NOTES} ALTER TABLE notes ADD COLUMN status TEXT DEFAULT 'Draft';`,
    object: 'table notes',
    property: 'column status: default',
  },
  {
    name: 'primary key position',
    fresh: 'CREATE TABLE pair (a INTEGER, b INTEGER, PRIMARY KEY (a, b));',
    migrated: 'CREATE TABLE pair (a INTEGER, b INTEGER, PRIMARY KEY (b, a));',
    object: 'table pair',
    property: 'PRIMARY KEY',
  },
  {
    name: 'collation',
    fresh: `${NOTES} ALTER TABLE notes ADD COLUMN slug TEXT COLLATE NOCASE;`,
    migrated: `${NOTES} ALTER TABLE notes ADD COLUMN slug TEXT;`,
    object: 'table notes',
    property: 'column slug: collation',
  },
  {
    name: 'generated STORED against VIRTUAL',
    fresh: 'CREATE TABLE n (body TEXT, len INTEGER GENERATED ALWAYS AS (length(body)) STORED);',
    migrated: 'CREATE TABLE n (body TEXT, len INTEGER AS (length(body)) VIRTUAL);',
    object: 'table n',
    property: 'column len: generated',
  },
  {
    name: 'generated expression',
    fresh: 'CREATE TABLE n (body TEXT, len INTEGER AS (length(body)));',
    migrated: 'CREATE TABLE n (body TEXT, len INTEGER AS (length(trim(body))));',
    object: 'table n',
    property: 'column len: generated',
  },
  // CHECK
  {
    name: 'column CHECK',
    fresh: 'CREATE TABLE n (rating INTEGER CHECK (rating BETWEEN 1 AND 5));',
    migrated: 'CREATE TABLE n (rating INTEGER);',
    object: 'table n',
    property: 'column rating: CHECK',
  },
  {
    name: 'table CHECK',
    fresh: "CREATE TABLE n (a TEXT, b TEXT, CHECK (a <> b OR a = 'x'));",
    migrated: "CREATE TABLE n (a TEXT, b TEXT, CHECK (a <> b OR a = 'y'));",
    object: 'table n',
    property: 'CHECK',
  },
  // UNIQUE
  {
    name: 'UNIQUE constraint lost',
    fresh: 'CREATE TABLE u (a TEXT, b TEXT, UNIQUE (a, b));',
    migrated: 'CREATE TABLE u (a TEXT, b TEXT);',
    object: 'table u',
    property: 'UNIQUE (a, b)',
  },
  // indexes
  {
    name: 'index not unique',
    fresh: `${NOTES} CREATE UNIQUE INDEX idx_body ON notes(body);`,
    migrated: `${NOTES} CREATE INDEX idx_body ON notes(body);`,
    object: 'index idx_body',
    property: 'unique',
  },
  {
    name: 'partial predicate',
    fresh: `${NOTES} CREATE INDEX idx_body ON notes(body) WHERE body <> '';`,
    migrated: `${NOTES} CREATE INDEX idx_body ON notes(body);`,
    object: 'index idx_body',
    property: 'WHERE',
  },
  {
    name: 'key columns',
    fresh: `${NOTES} CREATE INDEX idx_n ON notes(body, id);`,
    migrated: `${NOTES} CREATE INDEX idx_n ON notes(id, body);`,
    object: 'index idx_n',
    property: 'keys',
  },
  {
    name: 'key expression',
    fresh: `${NOTES} CREATE INDEX idx_n ON notes(lower(body));`,
    migrated: `${NOTES} CREATE INDEX idx_n ON notes(upper(body));`,
    object: 'index idx_n',
    property: 'keys',
  },
  {
    name: 'key order',
    fresh: `${NOTES} CREATE INDEX idx_n ON notes(body DESC);`,
    migrated: `${NOTES} CREATE INDEX idx_n ON notes(body);`,
    object: 'index idx_n',
    property: 'keys',
  },
  {
    name: 'key collation',
    fresh: `${NOTES} CREATE INDEX idx_n ON notes(body COLLATE NOCASE);`,
    migrated: `${NOTES} CREATE INDEX idx_n ON notes(body);`,
    object: 'index idx_n',
    property: 'keys',
  },
  // foreign keys
  {
    name: 'foreign key missing',
    fresh: `${USERS} CREATE TABLE s (user_id INTEGER REFERENCES users(id));`,
    migrated: `${USERS} CREATE TABLE s (user_id INTEGER);`,
    object: 'table s',
    property: 'FOREIGN KEY (user_id) REFERENCES users',
  },
  {
    name: 'ON DELETE',
    fresh: `${USERS} CREATE TABLE s (user_id INTEGER REFERENCES users(id) ON DELETE CASCADE);`,
    migrated: `${USERS} CREATE TABLE s (user_id INTEGER REFERENCES users(id));`,
    object: 'table s',
    property: 'FOREIGN KEY (user_id) REFERENCES users: ON DELETE',
  },
  {
    name: 'ON UPDATE',
    fresh: `${USERS} CREATE TABLE s (user_id INTEGER REFERENCES users(id) ON UPDATE SET NULL);`,
    migrated: `${USERS} CREATE TABLE s (user_id INTEGER REFERENCES users(id));`,
    object: 'table s',
    property: 'FOREIGN KEY (user_id) REFERENCES users: ON UPDATE',
  },
  {
    name: 'MATCH',
    fresh: `${USERS} CREATE TABLE s (user_id INTEGER REFERENCES users(id) MATCH FULL);`,
    migrated: `${USERS} CREATE TABLE s (user_id INTEGER REFERENCES users(id));`,
    object: 'table s',
    property: 'FOREIGN KEY (user_id) REFERENCES users: MATCH',
  },
  {
    name: 'DEFERRABLE',
    fresh: `${USERS} CREATE TABLE s (user_id INTEGER, FOREIGN KEY (user_id) REFERENCES users DEFERRABLE INITIALLY DEFERRED);`,
    migrated: `${USERS} CREATE TABLE s (user_id INTEGER, FOREIGN KEY (user_id) REFERENCES users);`,
    object: 'table s',
    property: 'FOREIGN KEY (user_id) REFERENCES users: DEFERRABLE',
  },
  // triggers and views
  {
    name: 'trigger body',
    fresh: `${NOTES} CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN UPDATE notes SET body = trim(body) WHERE id = new.id; END;`,
    migrated: `${NOTES} CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN UPDATE notes SET body = body WHERE id = new.id; END;`,
    object: 'trigger notes_ai',
    property: 'sql',
  },
  {
    name: 'view missing',
    fresh: `${NOTES} CREATE VIEW recent AS SELECT * FROM notes ORDER BY id DESC LIMIT 10;`,
    migrated: NOTES,
    object: 'view recent',
    property: 'definition',
  },
  {
    name: 'view query',
    fresh: `${NOTES} CREATE VIEW recent AS SELECT * FROM notes ORDER BY id DESC LIMIT 10;`,
    migrated: `${NOTES} CREATE VIEW recent AS SELECT * FROM notes ORDER BY id DESC LIMIT 20;`,
    object: 'view recent',
    property: 'sql',
  },
  // virtual tables
  {
    name: 'FTS5 arguments (shadow tables not reported)',
    fresh: "CREATE VIRTUAL TABLE search USING fts5(title, body, tokenize = 'porter');",
    migrated: 'CREATE VIRTUAL TABLE search USING fts5(title, body);',
    object: 'virtual table search',
    property: 'arguments',
  },
  {
    name: 'R-tree against FTS5 module',
    fresh: 'CREATE VIRTUAL TABLE places USING rtree(id, minx, maxx);',
    migrated: 'CREATE VIRTUAL TABLE places USING fts5(id, minx, maxx);',
    object: 'virtual table places',
    property: 'module',
  },
  // settings
  {
    name: 'user_version',
    fresh: 'PRAGMA user_version = 3;',
    migrated: 'PRAGMA user_version = 2;',
    object: 'database',
    property: 'user_version',
  },
  {
    name: 'application_id',
    fresh: 'PRAGMA application_id = 1234;',
    migrated: NOTES.replace('notes', 'x') + 'DROP TABLE x;',
    object: 'database',
    property: 'application_id',
  },
  {
    name: 'auto_vacuum',
    fresh: `PRAGMA auto_vacuum = INCREMENTAL; ${NOTES}`,
    migrated: NOTES,
    object: 'database',
    property: 'auto_vacuum',
  },
  {
    name: 'WAL in the header',
    fresh: `PRAGMA journal_mode = WAL; ${NOTES}`,
    migrated: NOTES,
    object: 'database',
    property: 'journal mode',
  },
  {
    name: 'encoding',
    fresh: `PRAGMA encoding = 'UTF-16le'; ${NOTES}`,
    migrated: NOTES,
    object: 'database',
    property: 'encoding',
  },
  {
    name: 'page_size, when asked to compare it',
    fresh: `PRAGMA page_size = 8192; ${NOTES}`,
    migrated: NOTES,
    object: 'database',
    property: 'page_size',
    options: { comparePageSize: true },
  },
  {
    name: 'column order, in strict mode',
    fresh: 'CREATE TABLE t (a TEXT, b TEXT, c TEXT);',
    migrated: 'CREATE TABLE t (a TEXT, c TEXT); ALTER TABLE t ADD COLUMN b TEXT;',
    object: 'table t',
    property: 'column order',
    options: { strictColumnOrder: true },
  },
]

describe('drift: a fresh and a migrated schema that differ in exactly one way', { timeout: 60_000 }, () => {
  let dbs: ScratchDatabases
  beforeAll(async () => {
    dbs = await scratchDatabases()
  })
  afterAll(async () => {
    await dbs[Symbol.asyncDispose]()
  })

  test.for(cases)('$name: reported once, naming $object and $property', (c) => {
    const fresh = inspectDatabase(dbs.build(c.fresh))
    const migrated = inspectDatabase(dbs.build(c.migrated))
    const labels = { expectedLabel: 'fresh', actualLabel: 'upgraded' }
    const diff = diffSchemas(fresh, migrated, { ...labels, ...c.options })
    expect(diff.differences.map((d) => [d.object, d.property])).toEqual([[c.object, c.property]])
    const [difference] = diff.differences
    expect(difference?.message).toContain(c.object)
    if (c.property !== 'definition') expect(difference?.message).toContain(c.property)
    expect(difference?.message).toMatch(/fresh/)
  })

  test('the rc.1 column reads as a release engineer expects', () => {
    const fresh = inspectDatabase(dbs.build(cases[3]?.fresh ?? ''))
    const migrated = inspectDatabase(dbs.build(cases[3]?.migrated ?? ''))
    const diff = diffSchemas(fresh, migrated, { expectedLabel: 'fresh', actualLabel: 'upgraded' })
    expect(diff.differences[0]?.message).toBe(
      'table tokens: column token_hash: missing after upgrade (fresh: TEXT NOT NULL UNIQUE)',
    )
  })

  test('page_size and the order ADD COLUMN leaves are not differences by default', () => {
    const page = cases.find((c) => c.property === 'page_size') as DriftCase
    const order = cases.find((c) => c.property === 'column order') as DriftCase
    // Any order, not only the one ADD COLUMN leaves: a rebuild may place a column anywhere too.
    const rebuilt = { ...order, migrated: 'CREATE TABLE t (c TEXT, b TEXT, a TEXT);' }
    for (const c of [page, order, rebuilt]) {
      expect(
        diffSchemas(inspectDatabase(dbs.build(c.fresh)), inspectDatabase(dbs.build(c.migrated))).differences,
      ).toEqual([])
    }
  })
})
