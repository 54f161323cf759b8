import Database from 'better-sqlite3'
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { dir, type DirectoryResult } from 'tmp-promise'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { parseManifest } from './parse-manifest.ts'
import { sha256File } from './sha256-file.ts'
import { readSqliteHeader } from './sqlite-header.ts'
import { hashMigrations, writeSnapshot } from './write-snapshot.ts'

let folder: DirectoryResult
beforeEach(async () => {
  folder = await dir({ unsafeCleanup: true })
})
afterEach(() => folder.cleanup())

describe('writeSnapshot', () => {
  test('writes a compact WAL-mode database without sidecars, a readable schema.sql and a manifest', async () => {
    const source = path.join(folder.path, 'finished.sqlite')
    const db = new Database(source)
    db.pragma('journal_mode = WAL')
    db.exec(`
      CREATE TABLE schema_migrations (migration_name TEXT PRIMARY KEY, applied_at TEXT);
      INSERT INTO schema_migrations VALUES ('0000_initial', 'x'), ('0001_code_verifier', 'y');
      CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
      CREATE INDEX idx_notes_body ON notes (body);
      CREATE VIRTUAL TABLE notes_fts USING fts5(body);
      CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN INSERT INTO notes_fts (body) VALUES (new.body); END;
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) INSERT INTO notes (body) SELECT 'note ' || i FROM n;
      DELETE FROM notes WHERE id > 10;`)
    const migrations = path.join(folder.path, 'migrations')
    await mkdir(migrations)
    await writeFile(
      path.join(migrations, '0001_code_verifier.sql'),
      'ALTER TABLE auth_state ADD COLUMN code_verifier TEXT;\n',
    )

    const out = path.join(folder.path, 'snapshots', 'v0.9.5')
    const manifest = await writeSnapshot({
      dbPath: source,
      dir: out,
      version: '0.9.5',
      migrationsDir: migrations,
    })
    db.close()

    expect((await readdir(out)).sort()).toEqual(['db.sqlite', 'manifest.json', 'schema.sql'])
    const header = await readSqliteHeader(path.join(out, 'db.sqlite'))
    expect(header).toMatchObject({ wal: true })
    const check = new Database(path.join(out, 'db.sqlite'), { readonly: true })
    expect(check.pragma('freelist_count', { simple: true })).toBe(0)
    check.close()

    const text = await readFile(path.join(out, 'manifest.json'), 'utf8')
    expect(text.endsWith('}\n')).toBe(true)
    expect(text).toContain('\n  "name": "v0.9.5",\n')
    expect(parseManifest(text, 'manifest.json', 'v0.9.5')).toEqual(manifest)
    expect(manifest).toMatchObject({
      name: 'v0.9.5',
      file: 'db.sqlite',
      source: 'regenerated',
      rowCounts: { notes: 10, schema_migrations: 2 },
      migrations: {
        '0001_code_verifier.sql': await sha256File(path.join(migrations, '0001_code_verifier.sql')),
      },
    })
    expect(manifest.sha256).toBe(await sha256File(path.join(out, 'db.sqlite')))

    const schema = await readFile(path.join(out, 'schema.sql'), 'utf8')
    expect(schema).toContain('-- History: schema_migrations.migration_name: 0000_initial, 0001_code_verifier')
    expect(schema).not.toContain('notes_fts_data')
    const order = [
      'CREATE TABLE notes',
      'CREATE VIRTUAL TABLE notes_fts',
      'CREATE TABLE schema_migrations',
      'CREATE INDEX',
      'CREATE TRIGGER',
    ]
    const positions = order.map((s) => schema.indexOf(s))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(schema.trimEnd().endsWith('END;')).toBe(true)
  })

  test('a database made before the history table says so, and a rollback-journal file stays so', async () => {
    const source = path.join(folder.path, 'old.sqlite')
    const db = new Database(source)
    db.exec('CREATE TABLE notes (body TEXT);')
    db.close()
    const out = path.join(folder.path, 'v0.1.0')
    await writeSnapshot({ dbPath: source, dir: out, version: '0.1.0', notes: 'first release' })
    expect(await readFile(path.join(out, 'schema.sql'), 'utf8')).toContain(
      'schema_migrations.migration_name: no history table',
    )
    expect(await readSqliteHeader(path.join(out, 'db.sqlite'))).toMatchObject({ wal: false })
  })

  test('hashMigrations records a link to a file as that file, and skips folders and links to nothing', async () => {
    const shared = path.join(folder.path, 'shared')
    const migrations = path.join(folder.path, 'migrations')
    await mkdir(shared)
    await mkdir(path.join(migrations, 'meta'), { recursive: true })
    await writeFile(path.join(shared, '0001_notes.sql'), 'CREATE TABLE notes (id INTEGER PRIMARY KEY);\n')
    await writeFile(
      path.join(migrations, '0000_initial.sql'),
      'CREATE TABLE users (id INTEGER PRIMARY KEY);\n',
    )
    await symlink(path.join(shared, '0001_notes.sql'), path.join(migrations, '0001_notes.sql'))
    await symlink(path.join(shared, 'gone.sql'), path.join(migrations, '0002_gone.sql'))
    await symlink(shared, path.join(migrations, '0003_folder'))

    expect(await hashMigrations(migrations)).toEqual({
      '0000_initial.sql': await sha256File(path.join(migrations, '0000_initial.sql')),
      '0001_notes.sql': await sha256File(path.join(shared, '0001_notes.sql')),
    })
  })

  test('hashMigrations records files in subfolders by relative path with /, and no hidden file or folder', async () => {
    // Prisma keeps one folder per migration, diesel an up.sql and a down.sql in each.
    const migrations = path.join(folder.path, 'migrations')
    for (const sub of ['20240101120000_init', '20240201_tags/.git', '.idea'])
      await mkdir(path.join(migrations, sub), { recursive: true })
    const files = {
      'migration_lock.toml': 'provider = "sqlite"\n',
      '20240101120000_init/migration.sql': 'CREATE TABLE notes (id INTEGER PRIMARY KEY);\n',
      '20240201_tags/up.sql': 'CREATE TABLE tags (id INTEGER PRIMARY KEY);\n',
      '20240201_tags/down.sql': 'DROP TABLE tags;\n',
      '.DS_Store': 'finder',
      '.gitkeep': '',
      '20240101120000_init/.migration.sql.swp': 'vim',
      '20240201_tags/.git/HEAD': 'ref',
      '.idea/workspace.xml': '<xml/>',
    }
    for (const [file, text] of Object.entries(files)) await writeFile(path.join(migrations, file), text)

    const hashes = await hashMigrations(migrations)
    expect(Object.keys(hashes)).toEqual([
      '20240101120000_init/migration.sql',
      '20240201_tags/down.sql',
      '20240201_tags/up.sql',
      'migration_lock.toml',
    ])
    expect(hashes['20240201_tags/up.sql']).toBe(
      await sha256File(path.join(migrations, '20240201_tags/up.sql')),
    )
  })
})
