import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { scratchDatabases, type ScratchDatabases } from '../inspect/scratch-databases.ts'
import { schemaMatchers } from './matchers.ts'

expect.extend(schemaMatchers)

describe('a matcher given arguments of the wrong kind', () => {
  let dbs: ScratchDatabases
  let file: string
  beforeAll(async () => {
    dbs = await scratchDatabases()
    file = dbs.build(`CREATE TABLE schema_migrations (migration_name TEXT PRIMARY KEY);
      INSERT INTO schema_migrations VALUES ('0000_initial');
      CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)`)
  })
  afterAll(async () => {
    await dbs[Symbol.asyncDispose]()
  })

  // Each quotes what it got and says what it expected, for `.not` too: neither side can be judged.
  test.for([
    ['toHaveColumn', [5, 'body'], 'toHaveColumn: table must be a name (a non-empty string), got 5'],
    [
      'toHaveColumn',
      ['notes', undefined],
      'toHaveColumn: column must be a name (a non-empty string), got undefined',
    ],
    ['toHaveIndex', [5, ['body']], 'toHaveIndex: table must be a name (a non-empty string), got 5'],
    ['toHaveIndex', ['notes', 'body'], 'toHaveIndex: columns must be a non-empty array of names, got "body"'],
    ['toHaveIndex', ['notes', []], 'toHaveIndex: columns must be a non-empty array of names, got []'],
    [
      'toHaveAppliedMigrations',
      ['0000_initial'],
      'toHaveAppliedMigrations: the history must be an array of names or a whole number, got "0000_initial"',
    ],
    [
      'toHaveAppliedMigrations',
      [[1, 2]],
      'toHaveAppliedMigrations: the history must be an array of names or a whole number, got [1,2]',
    ],
    // A history spec of the wrong shape read as "no history": the assertion failed with
    // `history holds []`, and its `.not`, or an empty expectation, passed on any database.
    [
      'toHaveAppliedMigrations',
      [['0000_initial'], { history: { table: 'schema_migrations', column: 'migration_name' } }],
      `toHaveAppliedMigrations: the history spec must be { table, column } (names) or { pragma: 'user_version' }, got {"history":{"table":"schema_migrations","column":"migration_name"}}`,
    ],
    [
      'toHaveAppliedMigrations',
      [[], { tabel: 'schema_migrations', column: 'migration_name' }],
      `toHaveAppliedMigrations: the history spec must be { table, column } (names) or { pragma: 'user_version' }, got {"tabel":"schema_migrations","column":"migration_name"}`,
    ],
    [
      'toHaveAppliedMigrations',
      [['0000_initial'], { table: 'schema_migrations' }],
      `toHaveAppliedMigrations: the history spec must be { table, column } (names) or { pragma: 'user_version' }, got {"table":"schema_migrations"}`,
    ],
    [
      'toHaveAppliedMigrations',
      [1, { pragma: 'user_versoin' }],
      `toHaveAppliedMigrations: the history spec must be { table, column } (names) or { pragma: 'user_version' }, got {"pragma":"user_versoin"}`,
    ],
    // A misspelt property was ignored: the assertion passed without checking what the test asked.
    [
      'toHaveColumn',
      ['notes', 'body', { notnull: true }],
      'toHaveColumn: "notnull" is not one of the column properties (type, notNull, default, primaryKey, collation, generated, unique)',
    ],
    [
      'toHaveColumn',
      ['notes', 'body', null],
      'toHaveColumn: the column properties must be an object, got null',
    ],
    [
      'toHaveIndex',
      ['notes', ['body'], { unqiue: true }],
      'toHaveIndex: "unqiue" is not one of the index properties (name, unique, where)',
    ],
    [
      'toMatchSchema',
      ['DB', { strictcolumnorder: true }],
      'toMatchSchema: "strictcolumnorder" is not one of the options (expectedLabel, actualLabel, strictColumnOrder, comparePageSize, ignore)',
    ],
  ] as const)('%s(%j) is refused', ([matcher, args, message]) => {
    const call = (negated: boolean) => () => {
      const assertion = negated ? expect(file).not : expect(file)
      // 'DB' stands for the database itself (toMatchSchema's expected side).
      const given = args.map((arg: unknown) => (arg === 'DB' ? file : arg))
      ;(assertion[matcher] as (...a: unknown[]) => void)(...given)
    }
    expect(call(false)).toThrow(new TypeError(message))
    expect(call(true)).toThrow(new TypeError(message))
  })

  test('a history column that does not exist is named, not left to a raw SqliteError', () => {
    const history = { table: 'schema_migrations', column: 'name' }
    const message =
      'toHaveAppliedMigrations: history table schema_migrations has no column name (columns: migration_name)'
    expect(() => expect(file).toHaveAppliedMigrations(['0000_initial'], history)).toThrow(message)
    expect(() => expect(file).not.toHaveAppliedMigrations([], history)).toThrow(message)
    expect(file).toHaveAppliedMigrations(['0000_initial'], {
      table: 'SCHEMA_MIGRATIONS',
      column: 'Migration_Name',
    })
  })
  test('a history column that is generated is read, as the gate reads it', () => {
    // PRAGMA table_info leaves generated columns out; the history is there all the same.
    const generated = dbs.build(`CREATE TABLE applied (file TEXT NOT NULL,
        name TEXT GENERATED ALWAYS AS (substr(file, 1, length(file) - 4)) VIRTUAL);
      INSERT INTO applied (file) VALUES ('0000_initial.sql'), ('0001_notes.sql')`)
    expect(generated).toHaveAppliedMigrations(['0000_initial', '0001_notes'], {
      table: 'applied',
      column: 'name',
    })
  })
})
