import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { mkdir, open, readdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { dir, type DirectoryResult } from 'tmp-promise'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { InputError } from '../errors.ts'
import { captureSnapshot } from './capture-snapshot.ts'
import { loadCatalogue } from './load-catalogue.ts'
import { verifySnapshot } from './verify-snapshot.ts'

const SECRETS = {
  body: 'Dear diary, my bank PIN is 8841',
  email: 'alice.secret@example.org',
  token: 'tok_live_QWERTY123456',
  ip: '203.0.113.77',
  deleted: 'deleted-but-lingering-in-free-pages',
}

let folder: DirectoryResult
let source: string
let snapshots: string

function makeSource(): void {
  const db = new Database(source)
  db.exec(`
    CREATE TABLE schema_migrations (migration_name TEXT PRIMARY KEY, applied_at TEXT);
    INSERT INTO schema_migrations VALUES ('0000_initial', '2024-01-01'), ('0001_code_verifier', '2024-02-01');
    CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT);
    CREATE TABLE tokens (id INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE, user_email TEXT REFERENCES users (email), scope TEXT);
    CREATE TABLE sessions (id TEXT PRIMARY KEY, ip TEXT, seen INTEGER);
    CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
    CREATE TABLE audit (what TEXT);
    CREATE TRIGGER notes_audit AFTER UPDATE ON notes BEGIN INSERT INTO audit VALUES (old.body); END;
    CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id');
    CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN INSERT INTO notes_fts (rowid, body) VALUES (new.id, new.body); END;
    CREATE VIRTUAL TABLE search USING fts5(text);
  `)
  db.prepare('INSERT INTO users (email, name) VALUES (?, ?), (?, ?), (?, NULL)').run(
    SECRETS.email,
    'Alice Example',
    'bob@example.org',
    'Bob',
    'carol@example.org',
  )
  db.prepare(
    'INSERT INTO tokens (token, user_email, scope) VALUES (?, ?, ?), (?, ?, ?), (?, NULL, NULL)',
  ).run(SECRETS.token, SECRETS.email, 'create', 'tok_live_ABCDEF654321', 'bob@example.org', 'read', 'tok_x')
  db.prepare('INSERT INTO sessions VALUES (?, ?, 1), (?, NULL, 2)').run('s1', SECRETS.ip, 's2')
  db.prepare('INSERT INTO notes (body) VALUES (?), (NULL), (?)').run(SECRETS.body, '')
  db.prepare('INSERT INTO notes (body) VALUES (?)').run(SECRETS.deleted)
  db.prepare('DELETE FROM notes WHERE body = ?').run(SECRETS.deleted)
  db.prepare('INSERT INTO search VALUES (?)').run(`mail ${SECRETS.email}`)
  db.close()
}

beforeEach(async () => {
  folder = await dir({ unsafeCleanup: true })
  source = path.join(folder.path, 'production.sqlite')
  snapshots = path.join(folder.path, 'snapshots')
  makeSource()
})
afterEach(() => folder.cleanup())

async function snapshotBytes(name: string): Promise<Buffer> {
  const folderPath = path.join(snapshots, name)
  const files = await readdir(folderPath)
  expect(files.sort()).toEqual(['db.sqlite', 'manifest.json', 'schema.sql'])
  return Buffer.concat(await Promise.all(files.map((f) => readFile(path.join(folderPath, f)))))
}

describe('captureSnapshot', { timeout: 60_000 }, () => {
  test('without scrub rules, keeps every value and writes a verifiable captured snapshot', async () => {
    // A leading "v" is read as semver reads it: the snapshot is v0.9.5, version 0.9.5.
    const manifest = await captureSnapshot({ source, version: 'v0.9.5', dir: snapshots })
    expect(manifest).toMatchObject({
      name: 'v0.9.5',
      version: '0.9.5',
      source: 'captured',
      rowCounts: { notes: 3, users: 3, tokens: 3 },
    })
    const [snapshot] = await loadCatalogue(snapshots)
    await verifySnapshot(snapshot!)
    expect((await snapshotBytes('v0.9.5')).includes(SECRETS.token)).toBe(true)
  })

  test('scrubbing leaves no original value in any byte of the snapshot, and keeps shape, NULLs, uniqueness and joins', async () => {
    const rules = path.join(folder.path, 'scrub.json')
    await writeFile(
      rules,
      JSON.stringify({
        'notes.body': 'hash',
        'tokens.token': 'fake',
        'sessions.ip': null,
        'users.name': 'keep',
      }),
    )
    const manifest = await captureSnapshot({
      source,
      version: '0.9.5',
      dir: snapshots,
      scrubRules: rules,
      scrubDefault: 'hash',
    })
    const bytes = await snapshotBytes('v0.9.5')
    for (const secret of Object.values(SECRETS)) expect(bytes.includes(secret), secret).toBe(false)
    expect(manifest.rowCounts).toEqual({
      audit: 0,
      notes: 3,
      schema_migrations: 2,
      sessions: 2,
      tokens: 3,
      users: 3,
    })

    const db = new Database(path.join(snapshots, 'v0.9.5', 'db.sqlite'), { readonly: true })
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok')
    expect(db.prepare('SELECT migration_name FROM schema_migrations ORDER BY rowid').pluck().all()).toEqual([
      '0000_initial',
      '0001_code_verifier',
    ])
    expect(db.prepare('SELECT name FROM users ORDER BY id').pluck().all()).toEqual([
      'Alice Example',
      'Bob',
      null,
    ])
    expect(db.prepare('SELECT count(*) FROM notes WHERE body IS NULL').pluck().get()).toBe(1)
    expect(db.prepare('SELECT count(*) FROM sessions WHERE ip IS NULL').pluck().get()).toBe(2)
    const tokens = db.prepare('SELECT token FROM tokens ORDER BY id').pluck().all() as string[]
    expect(tokens.map((t) => t.length)).toEqual([SECRETS.token.length, 21, 5])
    expect(tokens[0]).toMatch(/^[a-z]{3}_[a-z]{4}_[A-Z]{6}\d{6}$/)
    expect(new Set(tokens).size).toBe(3)
    expect(
      db.prepare('SELECT count(*) FROM tokens JOIN users ON users.email = tokens.user_email').pluck().get(),
    ).toBe(2)
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'`).pluck().get()).toBe(2)
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%UNIQUE%'`).pluck().get()).toBe(2)
    db.close()
    expect(manifest.notes).toContain('tokens.token fake')
  })

  test('a hash key given twice gives the same snapshot data; random keys differ', async () => {
    const read = (name: string): unknown[] => {
      const db = new Database(path.join(snapshots, name, 'db.sqlite'), { readonly: true })
      const rows = db.prepare('SELECT token FROM tokens ORDER BY id').pluck().all()
      db.close()
      return rows
    }
    const scrub = { 'tokens.token': 'hash' } as const
    await captureSnapshot({
      source,
      version: '0.9.5',
      name: 'a',
      dir: snapshots,
      scrubRules: scrub,
      scrubKey: 'k',
    })
    await captureSnapshot({
      source,
      version: '0.9.5',
      name: 'b',
      dir: snapshots,
      scrubRules: scrub,
      scrubKey: 'k',
    })
    await captureSnapshot({ source, version: '0.9.5', name: 'c', dir: snapshots, scrubRules: scrub })
    expect(read('a')).toEqual(read('b'))
    expect(read('a')).not.toEqual(read('c'))
  })

  test.for([
    [
      'not SQLite',
      async (file: string) => writeFile(file, 'just some text'),
      /production.sqlite: not a SQLite database/,
    ],
    ['corrupt', corruptIndexPage, /production.sqlite: (integrity_check failed|cannot capture)/],
  ] as const)('refuses a file that is %s with one line and writes nothing', async ([, spoil, message]) => {
    await spoil(source)
    const error = await captureSnapshot({ source, version: '0.9.5', dir: snapshots }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
    expect(await readdir(snapshots).catch(() => [])).toEqual([])
  })

  test.for([
    ['missing', 'missing.sqlite', 'no such file'],
    ['a folder', 'backups', 'a folder, not a database file'],
  ] as const)('a source that is %s is refused saying what it is', async ([, name, says]) => {
    await mkdir(path.join(folder.path, 'backups'))
    const file = path.join(folder.path, name)
    const error = await captureSnapshot({ source: file, version: '0.9.5', dir: snapshots }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toBe(`${file}: ${says}`)
    expect((await readdir(folder.path)).sort()).toEqual(['backups', 'production.sqlite'])
  })

  test.for([
    [
      'a version that is not semver',
      { version: 'banana' },
      '--version banana: not a semver version (such as 1.2.0 or 2.0.0-rc.1)',
    ],
    [
      'a name that climbs out of the folder',
      { name: '../escaped' },
      '--name ../escaped: must be a folder name, without "/" or "\\"',
    ],
    ['a name with a folder in it', { name: 'a/b' }, '--name a/b: must be a folder name'],
    [
      'a hidden name',
      { name: '.hidden' },
      '--name .hidden: must not start with "." (the catalogue skips hidden folders)',
    ],
    [
      'a name too long for its staging folder',
      { name: 'x'.repeat(242) },
      `--name ${'x'.repeat(242)}: must be at most 241 bytes long`,
    ],
    [
      'a --dir that is a file',
      { dir: 'production.sqlite' },
      'production.sqlite: not a folder (give --dir the snapshots folder)',
    ],
    [
      'a --dir under a file',
      { dir: 'production.sqlite/sub' },
      'production.sqlite/sub: not a folder (give --dir the snapshots folder)',
    ],
  ] as const)('refuses %s before writing anything', async ([, options, message]) => {
    const dirOption = 'dir' in options ? { dir: path.join(folder.path, options.dir) } : {}
    const error = await captureSnapshot({
      source,
      version: '0.9.5',
      dir: snapshots,
      ...options,
      ...dirOption,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toContain(message)
    expect(await readdir(folder.path)).toEqual(['production.sqlite'])
  })

  test('refuses rules naming a missing column, a NULL for a NOT NULL column, and an existing snapshot', async () => {
    const capture = (scrub: Record<string, string | null>): Promise<unknown> =>
      captureSnapshot({ source, version: '0.9.5', dir: snapshots, scrubRules: scrub as never })
    await expect(capture({ 'notes.bdy': 'hash' })).rejects.toThrow(
      'scrub rules: "notes.bdy": no such column in the captured database',
    )
    await expect(capture({ 'users.email': null })).rejects.toThrow(
      /"users.email": cannot scrub \(NOT NULL constraint failed/,
    )
    await expect(capture({ 'users.email': 'drop' })).rejects.toThrow(/must be one of null, hash, fake, keep/)
    // One side of a foreign key scrubbed, or each side its own way: the joins would be gone.
    const ruleSets: Record<string, string>[] = [
      { 'users.email': 'hash' },
      { 'users.email': 'hash', 'tokens.user_email': 'fake' },
    ]
    for (const rules of ruleSets) {
      await expect(capture(rules)).rejects.toThrow(
        /^scrub rules: the rules break foreign keys: tokens → users \(2 rows\); scrub a key and the keys that reference it alike/,
      )
    }
    await expect(readdir(snapshots).catch(() => [])).resolves.toEqual([])
    // A foreign key SQLite cannot check (its parent key has no unique index) does not stop a capture.
    const loose = path.join(folder.path, 'loose.sqlite')
    const db = new Database(loose)
    db.pragma('foreign_keys = OFF') // as SQLite itself does by default; better-sqlite3 turns them on
    db.exec(`CREATE TABLE parent (code TEXT, name TEXT); CREATE TABLE child (code TEXT REFERENCES parent (code));
      INSERT INTO parent VALUES ('a', 'Ann'); INSERT INTO child VALUES ('a');`)
    db.close()
    await captureSnapshot({
      source: loose,
      version: '1.0.0',
      dir: snapshots,
      scrubRules: { 'parent.name': 'hash' },
    })
    // ...nor hides a broken link of the same table that can be checked.
    const mixed = path.join(folder.path, 'mixed.sqlite')
    const both = new Database(mixed)
    both.pragma('foreign_keys = OFF')
    both.exec(`CREATE TABLE users (email TEXT PRIMARY KEY); CREATE TABLE tags (code TEXT);
      CREATE TABLE tokens (user_email TEXT REFERENCES users (email), tag TEXT REFERENCES tags (code));
      INSERT INTO users VALUES ('a@example.org'); INSERT INTO tags VALUES ('t'); INSERT INTO tokens VALUES ('a@example.org', 't');`)
    both.close()
    await expect(
      captureSnapshot({
        source: mixed,
        version: '1.0.0',
        name: 'mixed',
        dir: snapshots,
        scrubRules: { 'users.email': 'hash' },
      }),
    ).rejects.toThrow(/the rules break foreign keys: tokens → users \(1 row\)/)
    await captureSnapshot({ source, version: '0.9.5', dir: snapshots })
    await expect(capture({})).rejects.toThrow(/v0.9.5: already exists/)
  })

  test('a capture that fails once it has made the snapshots folder leaves no folder behind', async () => {
    const nested = path.join(folder.path, 'new', 'snapshots')
    await expect(
      captureSnapshot({
        source,
        version: '1.0.0',
        dir: nested,
        migrationsDir: path.join(folder.path, 'no-such-migrations'),
      }),
    ).rejects.toThrow(/no-such-migrations/)
    expect(await readdir(folder.path)).toEqual(['production.sqlite'])
    // A folder that was there before is kept, with what was in it.
    await captureSnapshot({ source, version: '1.0.0', dir: snapshots })
    await expect(
      captureSnapshot({
        source,
        version: '1.0.1',
        dir: snapshots,
        migrationsDir: path.join(folder.path, 'no-such-migrations'),
      }),
    ).rejects.toThrow(/no-such-migrations/)
    expect(await readdir(snapshots)).toEqual(['v1.0.0'])
  })

  test('a rule the schema refuses names the column its constraint names, and what to do', async () => {
    const checked = path.join(folder.path, 'checked.sqlite')
    const db = new Database(checked)
    db.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, status TEXT CHECK (status IN ('active', 'gone')), nick TEXT);
      INSERT INTO users VALUES (1, 'a@example.org', 'active', 'bob');`)
    db.close()
    const error = await captureSnapshot({
      source: checked,
      version: '1.0.0',
      dir: snapshots,
      scrubRules: {},
      scrubDefault: 'hash',
    }).catch((e: unknown) => e)
    expect((error as Error).message).toBe(
      `scrub rules: "users.status": cannot scrub (CHECK constraint failed: status IN ('active', 'gone')); ` +
        'give each another action ("keep" leaves its values as they are)',
    )
  })

  test('takes a consistent image, WAL content included, while another process writes', async () => {
    const wal = path.join(folder.path, 'busy.sqlite')
    const setup = new Database(wal)
    setup.pragma('journal_mode = WAL')
    setup.exec('CREATE TABLE a (n INTEGER); CREATE TABLE b (n INTEGER);')
    setup.close()
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    const script = `
      const db = new (require(${JSON.stringify(driver)}))(${JSON.stringify(wal)});
      db.pragma('busy_timeout = 5000'); db.pragma('wal_autocheckpoint = 0');
      const add = db.transaction((n) => { db.prepare('INSERT INTO a VALUES (?)').run(n); db.prepare('INSERT INTO b VALUES (?)').run(n); });
      let n = 0; for (; n < 50; n++) add(n);
      console.log('ready');
      const end = Date.now() + 20000; while (Date.now() < end) add(n++);`
    const writer = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      await new Promise<void>((resolve, reject) => {
        writer.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve())
        writer.on('exit', (code) => reject(new Error(`writer exited with ${code}`)))
      })
      for (const name of ['one', 'two', 'three']) {
        const manifest = await captureSnapshot({ source: wal, version: '1.0.0', name, dir: snapshots })
        expect(manifest.rowCounts['a']).toBeGreaterThanOrEqual(50)
        expect(manifest.rowCounts['a']).toBe(manifest.rowCounts['b'])
        // The app's WAL mode is kept in the snapshot's header (bytes 18 and 19), with no -wal beside it.
        const header = (await readFile(path.join(snapshots, name, 'db.sqlite'))).subarray(18, 20)
        expect([...header]).toEqual([2, 2])
        expect((await readdir(path.join(snapshots, name))).sort()).toEqual([
          'db.sqlite',
          'manifest.json',
          'schema.sql',
        ])
      }
    } finally {
      writer.kill('SIGKILL')
    }
  })
})

/** Overwrites the middle of the last page (an index's) so that the header stays valid but the content does not. */
async function corruptIndexPage(file: string): Promise<void> {
  const db = new Database(file)
  db.exec(`CREATE TABLE filler (x TEXT); CREATE INDEX idx_filler ON filler (x);`)
  db.prepare(`INSERT INTO filler SELECT hex(randomblob(40)) FROM notes, users, tokens`).run()
  const pages = Number(db.pragma('page_count', { simple: true }))
  db.close()
  const handle = await open(file, 'r+')
  await handle.write(Buffer.alloc(2000, 0x55), 0, 2000, (pages - 1) * 4096 + 1000)
  await handle.close()
}
