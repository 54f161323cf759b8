import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { inspectConnection } from '../inspect/inspect-connection.ts'
import type { SchemaModel } from '../inspect/model.ts'
import { diffSchemas } from './diff-schemas.ts'
import { renderSchemaDiffMarkdown } from './render-markdown.ts'
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

const FRESH = `
  CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);
  CREATE TABLE tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    note TEXT
  );
  CREATE INDEX idx_tokens_user ON tokens(user_id) WHERE note IS NULL;
  CREATE VIEW active AS SELECT * FROM tokens WHERE note = 'Active';
`

/** The same schema as FRESH in another legal spelling, and with columns appended as ALTER TABLE does. */
const SAME_OTHER_FORM = `
  create table if not exists "Users" ( [id] integer primary key , email text not null , unique ( "EMAIL" ) ) ;
  CREATE TABLE \`tokens\` (id INTEGER PRIMARY KEY, note TEXT, -- comment, with a 'quote'
    user_id INTEGER NOT NULL, token_hash TEXT NOT NULL /* inline */,
    FOREIGN KEY (user_id) REFERENCES USERS, UNIQUE (token_hash));
  ALTER TABLE tokens ADD COLUMN created_at TEXT NOT NULL DEFAULT (((datetime( 'now' ))));
  create index IF NOT EXISTS IDX_TOKENS_USER on TOKENS ( "user_id" ) where (note is null);
  create view "active" as   select * from TOKENS where NOTE = 'Active' ;
`

describe('diffSchemas', () => {
  test('a schema written in another legal form, with appended columns, shows no difference', () => {
    expect(diffSchemas(model(FRESH), model(SAME_OTHER_FORM)).differences).toEqual([])
  })

  test('string literals stay exact: a changed literal is a difference', () => {
    const diff = diffSchemas(model(FRESH), model(FRESH.replace("'Active'", "'active'")))
    expect(diff.differences.map((d) => `${d.object} / ${d.property}`)).toEqual(['view active / sql'])
  })

  test.for([
    [
      'a table-level AUTOINCREMENT',
      'CREATE TABLE t (id INTEGER, x, PRIMARY KEY (id AUTOINCREMENT))',
      'CREATE TABLE t (id INTEGER, x, PRIMARY KEY (id))',
      'AUTOINCREMENT',
    ],
    [
      'INTEGER PRIMARY KEY DESC (no rowid alias)',
      'CREATE TABLE t (id INTEGER PRIMARY KEY DESC, x)',
      'CREATE TABLE t (id INTEGER PRIMARY KEY, x)',
      'primary key index',
    ],
    [
      "a primary key's collation",
      'CREATE TABLE t (a TEXT, PRIMARY KEY (a COLLATE NOCASE))',
      'CREATE TABLE t (a TEXT, PRIMARY KEY (a))',
      'primary key index',
    ],
    [
      "a primary key's order",
      'CREATE TABLE t (a, b, PRIMARY KEY (a DESC, b)) WITHOUT ROWID',
      'CREATE TABLE t (a, b, PRIMARY KEY (a, b)) WITHOUT ROWID',
      'primary key index',
    ],
    [
      "a full-text table's tokenizer option, double-quoted",
      `CREATE VIRTUAL TABLE f USING fts5(a, tokenize = "unicode61 separators 'X'")`,
      `CREATE VIRTUAL TABLE f USING fts5(a, tokenize = "unicode61 separators 'x'")`,
      'arguments',
    ],
    [
      'a default that differs only in case, double-quoted',
      'CREATE TABLE t (s TEXT DEFAULT "Active")',
      'CREATE TABLE t (s TEXT DEFAULT "active")',
      'default',
    ],
    [
      "a NOT NULL's conflict resolution",
      "CREATE TABLE t (s TEXT NOT NULL ON CONFLICT REPLACE DEFAULT 'x')",
      "CREATE TABLE t (s TEXT NOT NULL DEFAULT 'x')",
      'column s: NOT NULL',
    ],
    [
      "a column UNIQUE's conflict resolution",
      'CREATE TABLE t (s TEXT UNIQUE ON CONFLICT REPLACE)',
      'CREATE TABLE t (s TEXT UNIQUE ON CONFLICT IGNORE)',
      'UNIQUE (s): ON CONFLICT',
    ],
    [
      "a table UNIQUE's conflict resolution",
      'CREATE TABLE t (a, "b c", UNIQUE (a COLLATE NOCASE, "b c" DESC) ON CONFLICT REPLACE)',
      'CREATE TABLE t (a, "b c", UNIQUE (a COLLATE NOCASE, "b c" DESC))',
      'ON CONFLICT',
    ],
    [
      "a primary key's conflict resolution",
      'CREATE TABLE t (id INTEGER PRIMARY KEY ON CONFLICT IGNORE, x)',
      'CREATE TABLE t (id INTEGER PRIMARY KEY, x)',
      'PRIMARY KEY: ON CONFLICT',
    ],
    [
      "a table-level primary key's conflict resolution",
      'CREATE TABLE t (a, b, PRIMARY KEY (a, b) ON CONFLICT REPLACE) WITHOUT ROWID',
      'CREATE TABLE t (a, b, PRIMARY KEY (a, b)) WITHOUT ROWID',
      'PRIMARY KEY: ON CONFLICT',
    ],
    [
      "a column name's case, which keys every result row",
      'CREATE TABLE t (id INTEGER PRIMARY KEY, createdAt TEXT)',
      'CREATE TABLE t (id INTEGER PRIMARY KEY, createdat TEXT)',
      'column createdat: spelling',
    ],
    [
      "a view's alias whose case differs",
      'CREATE TABLE t (a); CREATE VIEW v AS SELECT a AS firstName FROM t',
      'CREATE TABLE t (a); CREATE VIEW v AS SELECT a AS firstname FROM t',
      'columns',
    ],
    [
      "a full-text table's column name whose case differs, which keys every result row",
      'CREATE VIRTUAL TABLE f USING fts5(Title, body)',
      'CREATE VIRTUAL TABLE f USING fts5(title, body)',
      'columns',
    ],
    [
      'a second, cascading foreign key on the same column to the same parent',
      'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (x REFERENCES p(id))',
      'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (x REFERENCES p(id), FOREIGN KEY (x) REFERENCES p(id) ON DELETE CASCADE)',
      'FOREIGN KEY (x) REFERENCES p',
    ],
    [
      'a second foreign key on the same column to other columns of the same parent',
      'CREATE TABLE p (a UNIQUE, b UNIQUE); CREATE TABLE c (x REFERENCES p(a))',
      'CREATE TABLE p (a UNIQUE, b UNIQUE); CREATE TABLE c (x REFERENCES p(a), FOREIGN KEY (x) REFERENCES p(b))',
      'FOREIGN KEY (x) REFERENCES p',
    ],
    [
      'a number default of another value',
      'CREATE TABLE t (a INT DEFAULT 16)',
      'CREATE TABLE t (a INT DEFAULT 0x11)',
      'default',
    ],
    [
      'an integer default against a real one',
      'CREATE TABLE t (a DEFAULT 1)',
      'CREATE TABLE t (a DEFAULT 1.0)',
      'default',
    ],
    [
      'a number default against a text one',
      'CREATE TABLE t (a DEFAULT 1)',
      "CREATE TABLE t (a DEFAULT '1')",
      'default',
    ],
    [
      // SQLite stores the first as the INTEGER -2^63, the second as a REAL.
      'the smallest integer default against the real of the same value',
      'CREATE TABLE t (a DEFAULT -9223372036854775808)',
      'CREATE TABLE t (a DEFAULT -9223372036854775808.0)',
      'default',
    ],
  ] as const)('%s is a difference', ([, a, b, property]) => {
    const diff = diffSchemas(model(a), model(b))
    expect(diff.differences.map((d) => d.property)).toEqual([expect.stringContaining(property)])
  })

  test.for([
    [
      'AUTOINCREMENT said at table or column level',
      'CREATE TABLE t (id INTEGER, x, PRIMARY KEY (id AUTOINCREMENT))',
      'CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, x)',
    ],
    [
      'a collation said on the column or in its key',
      'CREATE TABLE t (a TEXT COLLATE NOCASE, PRIMARY KEY (a))',
      'CREATE TABLE t (a TEXT COLLATE NOCASE PRIMARY KEY)',
    ],
    [
      'a default in double or single quotes',
      'CREATE TABLE t (s TEXT DEFAULT "x")',
      "CREATE TABLE t (s TEXT DEFAULT 'x')",
    ],
    [
      'DEFAULT NULL written or not (ADD COLUMN ... DEFAULT NULL against a column declared without one)',
      'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT NOT NULL ON CONFLICT REPLACE)',
      'CREATE TABLE t (id INTEGER PRIMARY KEY, b TEXT NOT NULL ON CONFLICT REPLACE DEFAULT (NULL)); ALTER TABLE t ADD COLUMN a TEXT DEFAULT NULL',
    ],
    [
      'a number default spelled another way: hexadecimal, TRUE and FALSE, exponent, sign, parentheses',
      'CREATE TABLE t (a INT DEFAULT 16, b INT DEFAULT 1, c INT DEFAULT 0, d REAL DEFAULT 1000.0, e INT DEFAULT -16, f INT DEFAULT -1)',
      'CREATE TABLE t (a INT DEFAULT 0x10, b INT DEFAULT TRUE, c INT DEFAULT (FALSE), d REAL DEFAULT 1e3, e INT DEFAULT (- 0x10), f INT DEFAULT 0xffffffffffffffff)',
    ],
    [
      'the smallest integer default, in decimal or hexadecimal',
      'CREATE TABLE t (a INT DEFAULT -9223372036854775808)',
      'CREATE TABLE t (a INT DEFAULT 0x8000000000000000)',
    ],
    [
      'a trigger with or without FOR EACH ROW',
      'CREATE TABLE t (a); CREATE TRIGGER g AFTER INSERT ON t FOR EACH ROW BEGIN SELECT 1; END',
      'CREATE TABLE t (a); CREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT 1; END',
    ],
    [
      "a trigger's WHEN condition in parentheses or not",
      'CREATE TABLE t (a, b); CREATE TRIGGER g AFTER UPDATE ON t FOR EACH ROW WHEN (new.a > 0) BEGIN SELECT 1; END',
      'CREATE TABLE t (a, b); CREATE TRIGGER g AFTER UPDATE ON t WHEN new.a > 0 BEGIN SELECT 1; END',
    ],
    [
      'an operator spelled another way: <> and !=, == and =, NOTNULL and IS NOT NULL, ISNULL and IS NULL',
      `CREATE TABLE t (a, b CHECK (b <> 0)); CREATE INDEX i ON t(a) WHERE a == 1 AND b NOTNULL;
       CREATE VIEW v AS SELECT a ISNULL FROM t`,
      `CREATE TABLE t (a, b CHECK (b != 0)); CREATE INDEX i ON t(a) WHERE a = 1 AND b IS NOT NULL;
       CREATE VIEW v AS SELECT a IS NULL FROM t`,
    ],
    [
      "a full-text table's option value in single or double quotes, or none",
      `CREATE TABLE notes (body); CREATE VIRTUAL TABLE f USING fts5(body, content = 'notes',
       tokenize = 'unicode61 separators ''X''', prefix = '2')`,
      `CREATE TABLE notes (body); CREATE VIRTUAL TABLE f USING fts5(body, content = notes,
       tokenize = "unicode61 separators 'X'", prefix = 2)`,
    ],
    [
      // fts5 finds its content table and rowid column whatever their case.
      "a full-text table's content table or rowid column named in another case",
      `CREATE TABLE notes (id INTEGER PRIMARY KEY, body); CREATE VIRTUAL TABLE f USING fts5(body, content = notes, content_rowid = id)`,
      `CREATE TABLE notes (id INTEGER PRIMARY KEY, body); CREATE VIRTUAL TABLE f USING fts5(body, content = Notes, content_rowid = 'ID')`,
    ],
    [
      'ON CONFLICT ABORT, the default, written or not',
      'CREATE TABLE t (id INTEGER PRIMARY KEY ON CONFLICT ABORT, s NOT NULL ON CONFLICT ABORT UNIQUE ON CONFLICT ABORT)',
      'CREATE TABLE t (id INTEGER PRIMARY KEY, s NOT NULL UNIQUE)',
    ],
    [
      'a conflict resolution on a column UNIQUE or on the same table UNIQUE',
      'CREATE TABLE t (s TEXT UNIQUE ON CONFLICT REPLACE)',
      'CREATE TABLE t (s TEXT, UNIQUE (s) ON CONFLICT REPLACE)',
    ],
    [
      'two foreign keys on one column to one parent, declared in the other order',
      'CREATE TABLE p (a UNIQUE, b UNIQUE); CREATE TABLE c (x REFERENCES p(a) DEFERRABLE INITIALLY DEFERRED, FOREIGN KEY (x) REFERENCES p(b))',
      'CREATE TABLE p (a UNIQUE, b UNIQUE); CREATE TABLE c (x REFERENCES p(b), FOREIGN KEY (x) REFERENCES p(a) DEFERRABLE INITIALLY DEFERRED)',
    ],
    [
      // SQLite has no SET CONSTRAINTS: only INITIALLY DEFERRED ever waits for the COMMIT.
      'a foreign key DEFERRABLE INITIALLY IMMEDIATE (or DEFERRABLE alone) against one NOT DEFERRABLE',
      'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (x REFERENCES p(id) DEFERRABLE, y REFERENCES p(id) DEFERRABLE INITIALLY IMMEDIATE)',
      'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (x REFERENCES p(id)); ALTER TABLE c ADD COLUMN y REFERENCES p(id) NOT DEFERRABLE INITIALLY DEFERRED',
    ],
  ] as const)('%s is no difference', ([, a, b]) => {
    expect(diffSchemas(model(a), model(b)).differences).toEqual([])
  })

  test('a view that no longer compiles is told, beside the change that broke it', () => {
    const fresh = model('CREATE TABLE t (a, b); CREATE VIEW v AS SELECT b FROM t')
    const broken = model(
      'CREATE TABLE t (a, b); CREATE VIEW v AS SELECT b FROM t; DROP TABLE t; CREATE TABLE t (a, c)',
    )
    const messages = diffSchemas(fresh, broken).differences.map((d) => d.message)
    expect(messages).toContain('view v: columns: expected: b, actual: (cannot be read: no such column: b)')
  })

  test("a view's unaliased expression written in another case or spacing is no difference (formatting)", () => {
    const view = (select: string): SchemaModel =>
      model(`CREATE TABLE t (x); CREATE VIEW v AS SELECT ${select} FROM t`)
    expect(diffSchemas(view('x IS NULL, x + 1'), view('x is null, x+1')).differences).toEqual([])
  })

  test.for([
    ['x AS "Total Count"', 'x AS "total count"'],
    ["x AS 'Total Count'", "x AS 'total count'"],
    ['x AS [Größe]', 'x AS [größe]'],
    ['x AS "a-b"', 'x AS "A-B"'],
  ] as const)("a view's alias %s spelled %s in another case is a difference", ([expected, actual]) => {
    // An application reads the column by that name (row['Total Count']); SQL names ignore case.
    const view = (select: string): SchemaModel =>
      model(`CREATE TABLE t (x); CREATE VIEW v AS SELECT ${select} FROM t`)
    expect(diffSchemas(view(expected), view(actual)).differences.map((d) => d.property)).toContain('columns')
  })

  test('a view whose columns come in another order (select * over appended columns) is no difference', () => {
    const appended = model('CREATE TABLE t (a); ALTER TABLE t ADD COLUMN b; CREATE VIEW v AS SELECT * FROM t')
    expect(
      diffSchemas(model('CREATE TABLE t (b, a); CREATE VIEW v AS SELECT * FROM t'), appended).differences,
    ).toEqual([])
  })

  test('a column only one side has is told once, even with a space in its name and a UNIQUE on it', () => {
    const diff = diffSchemas(model('CREATE TABLE t ("a b" TEXT UNIQUE, c)'), model('CREATE TABLE t (c)'))
    expect(diff.differences.map((d) => d.property)).toEqual(['column "a b"'])
  })

  test('UNIQUE constraints compare by columns, whatever their autoindex numbering', () => {
    const a = model('CREATE TABLE t (a TEXT UNIQUE, b TEXT UNIQUE)')
    const b = model('CREATE TABLE t (b TEXT UNIQUE, a TEXT UNIQUE)')
    expect(diffSchemas(a, b).differences).toEqual([])
  })

  test('phrasing follows the labels: generic, and natural for fresh/upgraded', () => {
    const fresh = model(FRESH)
    const old = model(FRESH.replace('token_hash TEXT NOT NULL UNIQUE,', 'token TEXT,'))
    const generic = diffSchemas(fresh, old, { expectedLabel: 'a.db', actualLabel: 'b.db' })
    expect(generic.differences.map((d) => d.message)).toEqual([
      'table tokens: column token_hash: missing in b.db (a.db: TEXT NOT NULL UNIQUE)',
      'table tokens: column token: only in b.db (b.db: TEXT)',
    ])
    const upgrade = diffSchemas(fresh, old, { expectedLabel: 'fresh', actualLabel: 'upgraded' })
    expect(upgrade.differences.map((d) => d.message)).toEqual([
      'table tokens: column token_hash: missing after upgrade (fresh: TEXT NOT NULL UNIQUE)',
      'table tokens: column token: only after upgrade (upgraded: TEXT)',
    ])
    expect(upgrade.differences[0]).toMatchObject({ expected: 'TEXT NOT NULL UNIQUE' })
    expect(upgrade.differences[0]).not.toHaveProperty('actual')
  })

  test('a changed value names both sides', () => {
    const diff = diffSchemas(model(FRESH), model(FRESH.replace('note TEXT', 'note BLOB')), {
      expectedLabel: 'fresh',
      actualLabel: 'upgraded',
    })
    expect(diff.differences.map((d) => d.message)).toEqual([
      'table tokens: column note: type: fresh: TEXT (TEXT affinity), upgraded: BLOB (BLOB affinity)',
    ])
  })

  test('ignore rules accept matching differences; unused rules are reported', () => {
    const old = model(FRESH.replace('note TEXT', 'note BLOB').replace("'Active'", "'on'"))
    const used = { object: 'table tokens', property: 'column note', reason: 'BLOB kept for old rows' }
    const unused = { object: 'index gone', reason: 'removed long ago' }
    const diff = diffSchemas(model(FRESH), old, { ignore: [used, unused] })
    expect(diff.differences.map((d) => d.object)).toEqual(['view active'])
    expect(diff.ignored).toEqual([
      { difference: expect.objectContaining({ property: 'column note: type' }), rule: used },
    ])
    expect(diff.unusedIgnores).toEqual([unused])
  })
})

describe('renderers', () => {
  const diff = diffSchemas(
    model(FRESH),
    model(FRESH.replace('note TEXT', 'note BLOB').replace('CREATE VIEW', '--')),
    {
      expectedLabel: 'fresh',
      actualLabel: 'upgraded',
      ignore: [
        { object: 'view *', reason: 'views are rebuilt later' },
        { object: 'table nope', reason: 'stale' },
      ],
    },
  )

  test('text groups differences under their object', () => {
    expect(renderSchemaDiffText(diff)).toBe(
      [
        'Schemas differ (fresh vs upgraded): 1 difference',
        '  table tokens',
        '    column note: type: fresh: TEXT (TEXT affinity), upgraded: BLOB (BLOB affinity)',
        'Ignored (1):',
        "  view active: missing after upgrade (fresh: CREATE VIEW active AS SELECT * FROM tokens WHERE note = 'Active') [views are rebuilt later]",
        'Unused ignore rules (1):',
        '  table nope [stale]',
        '',
      ].join('\n'),
    )
  })

  test('markdown has a table per object', () => {
    const md = renderSchemaDiffMarkdown(diff)
    expect(md).toContain('### table tokens')
    expect(md).toContain('| column note: type | `TEXT (TEXT affinity)` | `BLOB (BLOB affinity)` |')
    expect(md).toContain('### Unused ignore rules')
  })

  test('JSON is a plain object that survives a round trip', () => {
    const json = schemaDiffToJson(diff)
    expect(json.same).toBe(false)
    expect(JSON.parse(JSON.stringify(json))).toEqual(json)
    expect(json.differences[0]).toEqual({
      object: 'table tokens',
      property: 'column note: type',
      expected: 'TEXT (TEXT affinity)',
      actual: 'BLOB (BLOB affinity)',
      message: 'table tokens: column note: type: fresh: TEXT (TEXT affinity), upgraded: BLOB (BLOB affinity)',
    })
  })

  test('no differences reads as a match', () => {
    expect(renderSchemaDiffText(diffSchemas(model(FRESH), model(FRESH)))).toBe(
      'Schemas match (expected vs actual).\n',
    )
  })

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
})
