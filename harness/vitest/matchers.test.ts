import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { scratchDatabases, type ScratchDatabases } from '../inspect/scratch-databases.ts'
import { schemaMatchers } from './matchers.ts'

expect.extend(schemaMatchers)

const SCHEMA = `
  CREATE TABLE schema_migrations (migration_name TEXT PRIMARY KEY, applied_at TEXT);
  INSERT INTO schema_migrations (migration_name) VALUES ('0000_initial'), ('0001_code_verifier');
  CREATE TABLE tokens (id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, scope TEXT DEFAULT 'read' COLLATE NOCASE);
  CREATE INDEX idx_tokens_scope ON tokens(lower(scope), id DESC) WHERE scope IS NOT NULL;
  PRAGMA user_version = 2;
`

describe('schema matchers', { timeout: 30_000 }, () => {
  let dbs: ScratchDatabases
  let file: string
  beforeAll(async () => {
    dbs = await scratchDatabases()
    file = dbs.build(SCHEMA)
  })
  afterAll(async () => {
    await dbs[Symbol.asyncDispose]()
  })

  test('toMatchSchema passes on an equal schema, from a path or a connection', () => {
    const db = new Database(':memory:')
    db.exec(SCHEMA)
    expect(file).toMatchSchema(db)
    expect(db).toMatchSchema(file)
    db.close()
  })

  test('toMatchSchema fails with the structural diff as its message', () => {
    const other = dbs.build(SCHEMA.replace('token_hash TEXT NOT NULL UNIQUE', 'token TEXT'))
    expect(() =>
      expect(other).toMatchSchema(file, { expectedLabel: 'fresh', actualLabel: 'upgraded' }),
    ).toThrow(/table tokens\n +column token_hash: missing after upgrade \(fresh: TEXT NOT NULL UNIQUE\)/)
    expect(other).not.toMatchSchema(file)
  })

  test('toHaveColumn checks existence and the properties given', () => {
    expect(file).toHaveColumn('tokens', 'token_hash', { type: 'text', notNull: true, unique: true })
    expect(file).toHaveColumn('Tokens', 'SCOPE', {
      default: "'read'",
      collation: 'nocase',
      primaryKey: false,
    })
    expect(file).not.toHaveColumn('tokens', 'token')
    expect(() => expect(file).toHaveColumn('tokens', 'scope', { notNull: true })).toThrow(
      "table tokens: column scope (TEXT DEFAULT 'read' COLLATE NOCASE): notNull: expected true, got false",
    )
    expect(() => expect(file).toHaveColumn('sessions', 'id')).toThrow('expected table sessions to exist')
  })

  test('toHaveIndex finds indexes and UNIQUE constraints by their keys', () => {
    expect(file).toHaveIndex('tokens', ['token_hash'], { unique: true })
    expect(file).toHaveIndex('tokens', ['LOWER( scope )', 'id'], {
      name: 'idx_tokens_scope',
      where: 'scope is not null',
    })
    expect(file).not.toHaveIndex('tokens', ['id', 'lower(scope)'])
    expect(() => expect(file).toHaveIndex('tokens', ['scope'])).toThrow(
      /expected an index on tokens\(scope\); indexes on tokens: idx_tokens_scope/,
    )
  })

  test('toHaveIndex compares order and collation when a key states them, however the index was declared', () => {
    const keyed =
      dbs.build(`CREATE TABLE t (a TEXT, b TEXT, c TEXT, f TEXT, UNIQUE (a DESC), UNIQUE (b COLLATE NOCASE));
      CREATE INDEX ix_desc ON t (c DESC); CREATE INDEX ix_coll ON t (f COLLATE NOCASE)`)
    for (const key of ['c', 'c DESC', 'f', 'f collate nocase', 'a', 'a DESC', 'b', 'b COLLATE NOCASE'])
      expect(keyed).toHaveIndex('t', [key])
    for (const key of ['c ASC', 'f COLLATE BINARY', 'a ASC', 'b COLLATE RTRIM'])
      expect(keyed).not.toHaveIndex('t', [key])
    expect(() => expect(keyed).toHaveIndex('t', ['c'], { unique: false, where: 'c > 0' })).toThrow(
      /^expected an index on t\(c\) \(not unique, WHERE c > 0\); indexes on t: .*ix_desc ON t\(c DESC\)/,
    )
  })

  test('toHaveIndex finds the index SQLite keeps for a primary key that is not the rowid', () => {
    const keyed = dbs.build(`CREATE TABLE m (name TEXT PRIMARY KEY);
      CREATE TABLE w (k TEXT, n INTEGER, v TEXT, PRIMARY KEY (k, n DESC)) WITHOUT ROWID;
      CREATE TABLE r (id INTEGER PRIMARY KEY, v TEXT)`)
    expect(keyed).toHaveIndex('m', ['name'], { unique: true })
    expect(keyed).toHaveIndex('w', ['k', 'n DESC'], { unique: true })
    expect(keyed).not.toHaveIndex('w', ['k', 'n ASC'])
    // A rowid alias is the table's b-tree key, not an index.
    expect(keyed).not.toHaveIndex('r', ['id'])
    expect(() => expect(keyed).toHaveIndex('w', ['k'])).toThrow(
      'expected an index on w(k); indexes on w: PRIMARY KEY UNIQUE ON w(k, n DESC)',
    )
    expect(() => expect(keyed).not.toHaveIndex('m', ['name'])).toThrow(
      'expected no index on m(name), found PRIMARY KEY UNIQUE ON m(name)',
    )
  })

  test('toHaveColumn unique: a one-column UNIQUE constraint with an order or a collation covers its column', () => {
    const keyed = dbs.build(
      'CREATE TABLE t (a TEXT, b TEXT, c TEXT, UNIQUE (a COLLATE NOCASE), UNIQUE ("B" DESC))',
    )
    expect(keyed).toHaveColumn('t', 'a', { unique: true })
    expect(keyed).toHaveColumn('t', 'b', { unique: true })
    expect(keyed).toHaveColumn('t', 'c', { unique: false })
  })

  test('a column named like an order keyword ("desc", "asc") is a column, not an order', () => {
    const named = dbs.build(`CREATE TABLE t (id INTEGER PRIMARY KEY, "desc" TEXT UNIQUE, asc TEXT);
      CREATE INDEX idx_t_asc ON t (asc)`)
    expect(named).toHaveColumn('t', 'desc', { unique: true })
    expect(named).toHaveColumn('t', 'asc', { unique: false })
    expect(named).toHaveIndex('t', ['desc'], { unique: true })
    expect(named).toHaveIndex('t', ['asc'])
    expect(named).toHaveIndex('t', ['"asc" ASC'])
    expect(named).not.toHaveIndex('t', ['asc DESC'])
  })

  test('a message describing a table keeps a one-column UNIQUE with an order or a collation', () => {
    const keyed = dbs.build('CREATE TABLE t (a TEXT, b TEXT, UNIQUE (a COLLATE NOCASE), UNIQUE (b))')
    expect(() => expect(keyed).toHaveColumn('t', 'c')).toThrow(
      'expected table t to have column c; it is t (a TEXT, b TEXT UNIQUE, UNIQUE (a COLLATE NOCASE))',
    )
  })

  test('toHaveColumn says what a name that is no ordinary table is, instead of calling it missing', () => {
    const other = dbs.build(`CREATE VIRTUAL TABLE notes_fts USING fts5(content);
      CREATE VIEW recent AS SELECT 1 AS id`)
    const message =
      'toHaveColumn(notes_fts, content): notes_fts is a virtual table (USING fts5(content)), not an ordinary table'
    expect(() => expect(other).toHaveColumn('notes_fts', 'content')).toThrow(message)
    // It cannot judge the columns of such a table, so `.not` cannot pass either.
    expect(() => expect(other).not.toHaveColumn('notes_fts', 'content')).toThrow(message)
    expect(() => expect(other).toHaveColumn('notes_fts_data', 'id')).toThrow(
      'notes_fts_data is a shadow table of virtual table notes_fts, not an ordinary table',
    )
    expect(() => expect(other).toHaveColumn('recent', 'id')).toThrow(
      'recent is a view, not an ordinary table',
    )
  })

  test('toHaveIndex says what a name that is no ordinary table is, and that a missing table is missing', () => {
    const other = dbs.build(`CREATE TABLE t (a TEXT); CREATE VIRTUAL TABLE notes_fts USING fts5(content);
      CREATE VIEW recent AS SELECT a FROM t`)
    const message = 'toHaveIndex(recent, [a]): recent is a view, not an ordinary table'
    expect(() => expect(other).toHaveIndex('recent', ['a'])).toThrow(message)
    expect(() => expect(other).not.toHaveIndex('recent', ['a'])).toThrow(message)
    expect(() => expect(other).toHaveIndex('notes_fts', ['content'])).toThrow(
      'notes_fts is a virtual table (USING fts5(content)), not an ordinary table',
    )
    // fts5 keeps a primary-key index on this shadow table that the model does not hold.
    expect(() => expect(other).toHaveIndex('notes_fts_idx', ['segid', 'term'])).toThrow(
      'notes_fts_idx is a shadow table of virtual table notes_fts, not an ordinary table',
    )
    expect(() => expect(other).toHaveIndex('tokens', ['a'])).toThrow(
      'expected an index on tokens(a); there is no table tokens (tables: t)',
    )
  })

  test('toHaveAppliedMigrations says what a history name that is no table is', () => {
    const viewed = dbs.build(`CREATE TABLE m (name TEXT); CREATE VIEW schema_migrations AS
      SELECT name AS migration_name FROM m`)
    expect(() => expect(viewed).toHaveAppliedMigrations(['0000_initial'])).toThrow(
      'history holds [] (the database has no table schema_migrations: it is a view)',
    )
  })

  test('toHaveColumn reads a default as the schema keeps it: signed numbers, parentheses, NULL', () => {
    const defaults = dbs.build('CREATE TABLE t (b INTEGER DEFAULT -1, e INT DEFAULT +5, n TEXT DEFAULT NULL)')
    for (const written of ['-1', '(-1)', ' - 1'])
      expect(defaults).toHaveColumn('t', 'b', { default: written })
    expect(defaults).toHaveColumn('t', 'e', { default: '+5' })
    expect(defaults).toHaveColumn('t', 'e', { default: '5' })
    expect(defaults).toHaveColumn('t', 'n', { default: 'NULL' })
    expect(defaults).toHaveColumn('t', 'n', { default: null })
    expect(() => expect(defaults).toHaveColumn('t', 'b', { default: '-2' })).toThrow(
      'table t: column b (INTEGER DEFAULT -1): default: expected -2, got -1',
    )
  })

  test('toHaveColumn reads a type as the schema keeps it, and says what it expected', () => {
    const typed = dbs.build('CREATE TABLE t (a VARCHAR(10))')
    expect(typed).toHaveColumn('t', 'a', { type: 'varchar ( 10 )' })
    expect(() => expect(typed).toHaveColumn('t', 'a', { type: 'VARCHAR(20)' })).toThrow(
      'table t: column a (VARCHAR(10)): type: expected VARCHAR(20), got VARCHAR(10)',
    )
  })

  test('toHaveAppliedMigrations reads the history table, or user_version', () => {
    expect(file).toHaveAppliedMigrations(['0000_initial', '0001_code_verifier'])
    expect(() => expect(file).toHaveAppliedMigrations(['0000_initial'])).toThrow(
      'expected applied migrations ["0000_initial"], history holds ["0000_initial","0001_code_verifier"]',
    )
    expect(file).toHaveAppliedMigrations(2, { pragma: 'user_version' })
    expect(file).not.toHaveAppliedMigrations(['a', 'b', 'c'], { pragma: 'user_version' })
    expect(dbs.build('SELECT 1')).toHaveAppliedMigrations([])
    expect(() => expect(dbs.build('SELECT 1')).toHaveAppliedMigrations(['0000_initial'])).toThrow(
      'expected applied migrations ["0000_initial"], history holds [] (the database has no table schema_migrations)',
    )
  })

  test('toHaveAppliedMigrations with a number counts the names a history table holds', () => {
    expect(file).toHaveAppliedMigrations(2)
    expect(file).not.toHaveAppliedMigrations(3)
    expect(() => expect(file).toHaveAppliedMigrations(3)).toThrow(
      'expected 3 applied migrations, history holds 2: ["0000_initial","0001_code_verifier"]',
    )
    expect(() => expect(file).not.toHaveAppliedMigrations(2)).toThrow(
      'expected other than 2 applied migrations, history holds 2:',
    )
    expect(dbs.build('SELECT 1')).toHaveAppliedMigrations(0)
  })
})
