import Database from 'better-sqlite3'
import { chmod, mkdir, readFile, rename, stat, symlink, truncate, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { dir, type DirectoryResult } from 'tmp-promise'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { InputError } from '../errors.ts'
import { loadCatalogue } from './load-catalogue.ts'
import { sha256File } from './sha256-file.ts'
import { verifySnapshot } from './verify-snapshot.ts'
import { writeSnapshot } from './write-snapshot.ts'

let folder: DirectoryResult
let snapshots: string

async function makeSnapshot(name: string, version: string): Promise<string> {
  const source = path.join(folder.path, `${name}.source.sqlite`)
  const db = new Database(source)
  db.exec(
    `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('${name}');`,
  )
  db.close()
  await writeSnapshot({ dbPath: source, dir: path.join(snapshots, name), version })
  return path.join(snapshots, name)
}

async function editManifest(name: string, edit: (m: Record<string, unknown>) => void): Promise<void> {
  const file = path.join(snapshots, name, 'manifest.json')
  const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
  edit(manifest)
  await writeFile(file, JSON.stringify(manifest))
}

beforeEach(async () => {
  folder = await dir({ unsafeCleanup: true })
  snapshots = path.join(folder.path, 'snapshots')
  await mkdir(snapshots)
})
afterEach(() => folder.cleanup())

describe('loadCatalogue', () => {
  test('loads every snapshot, sorted by semver (a release candidate before its release)', async () => {
    await makeSnapshot('v1.0.0', '1.0.0')
    await makeSnapshot('v0.10.0', '0.10.0')
    await makeSnapshot('v1.0.0-rc.1', '1.0.0-rc.1')
    await makeSnapshot('v0.9.5', '0.9.5')
    await mkdir(path.join(snapshots, '.v0.9.5.new-1234'))
    const catalogue = await loadCatalogue(snapshots)
    expect(catalogue.map((s) => s.name)).toEqual(['v0.9.5', 'v0.10.0', 'v1.0.0-rc.1', 'v1.0.0'])
    expect(catalogue[0]?.manifest.rowCounts).toEqual({ notes: 1 })
    expect(catalogue[0]?.dbPath).toBe(path.join(snapshots, 'v0.9.5', 'db.sqlite'))
  })

  test.for([
    ['sha256', 'abc', '"sha256" must be 64 hex characters'],
    ['version', '0.9', '"version" must be a semver version, got "0.9"'],
    ['name', 'v0.9.6', '"name" is "v0.9.6" but the folder is "v0.9.5"'],
    ['source', 'handmade', '"source" must be "regenerated" or "captured"'],
    ['rowCounts', { notes: -1 }, '"rowCounts.notes" must be a count'],
    ['migrations', { 'a.sql': 'x' }, '"migrations.a.sql" must be a sha256'],
    ['file', '../other.sqlite', '"file" must be a path inside'],
    ['shaa256', 'x', 'unknown field "shaa256"'],
    ['sqliteVersion', 'banana', '"sqliteVersion" must be a version such as 3.45.1, got "banana"'],
    [
      'migrations',
      { '../../etc/passwd': 'a'.repeat(64) },
      '"migrations" key "../../etc/passwd" must be a path inside the migrations folder',
    ],
    [
      'migrations',
      { 'init/../../x.sql': 'a'.repeat(64) },
      '"migrations" key "init/../../x.sql" must be a path inside',
    ],
    ['migrations', { '/etc/passwd': 'a'.repeat(64) }, '"migrations" key "/etc/passwd" must be a path inside'],
    ['migrations', { 'C:\\x.sql': 'a'.repeat(64) }, '"migrations" key "C:\\x.sql" must be a path inside'],
    [
      'migrations',
      { 'init//up.sql': 'a'.repeat(64) },
      '"migrations" key "init//up.sql" must be a path inside',
    ],
  ] as const)('a bad %s field is refused with the file and the field', async ([field, value, message]) => {
    await makeSnapshot('v0.9.5', '0.9.5')
    await editManifest('v0.9.5', (m) => {
      m[field] = value
    })
    const error = await loadCatalogue(snapshots).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toContain(
      `${path.join(snapshots, 'v0.9.5', 'manifest.json')}: ${message}`,
    )
  })

  test('migration files recorded in subfolders, by relative path with /, are valid keys', async () => {
    await makeSnapshot('v0.9.5', '0.9.5')
    const migrations = {
      '0000_initial.sql': 'a'.repeat(64),
      '20240101120000_init/migration.sql': 'b'.repeat(64),
    }
    await editManifest('v0.9.5', (m) => {
      m['migrations'] = migrations
    })
    expect((await loadCatalogue(snapshots))[0]?.manifest.migrations).toEqual(migrations)
  })

  test('a snapshot folder that is a link is loaded through it', async () => {
    const real = await makeSnapshot('v0.9.5', '0.9.5')
    await rename(real, path.join(folder.path, 'elsewhere'))
    await symlink(path.join(folder.path, 'elsewhere'), real)
    const catalogue = await loadCatalogue(snapshots)
    expect(catalogue.map((s) => s.name)).toEqual(['v0.9.5'])
    await verifySnapshot(catalogue[0]!)
  })

  test('a folder without manifest.json, broken JSON, a missing database file and a missing folder are refused', async () => {
    await expect(loadCatalogue(path.join(folder.path, 'nowhere'))).rejects.toThrow(
      /snapshot folder not found/,
    )
    // A file where the folder should be is named as such, not as missing.
    const file = path.join(folder.path, 'a-file')
    await writeFile(file, '')
    await expect(loadCatalogue(file, 'the "snapshots" of c.json')).rejects.toThrow(
      /a-file: is not a folder, expected the snapshot folder \(the "snapshots" of c\.json\)$/,
    )
    await mkdir(path.join(snapshots, 'x'))
    await expect(loadCatalogue(snapshots)).rejects.toThrow(`${path.join(snapshots, 'x')}: no manifest.json`)
    await writeFile(path.join(snapshots, 'x', 'manifest.json'), '{ "name": ')
    await expect(loadCatalogue(snapshots)).rejects.toThrow(/manifest.json: not valid JSON/)
    await makeSnapshot('x', '0.1.0')
    await editManifest('x', (m) => {
      m['file'] = 'gone.sqlite'
    })
    await expect(loadCatalogue(snapshots)).rejects.toThrow(/"file" names .*gone.sqlite, which does not exist/)
  })

  test('of several bad folders, the first by name is the one reported', async () => {
    // b fails last (its manifest is read and parsed first), c and d at once: read all at once, c or d
    // would be the first to fail.
    await makeSnapshot('b', '0.1.0')
    await editManifest('b', (m) => {
      m['file'] = 'gone.sqlite'
    })
    for (const name of ['c', 'd']) await mkdir(path.join(snapshots, name))
    await expect(loadCatalogue(snapshots)).rejects.toThrow(
      /snapshots\/b\/manifest.json: "file" names .*gone.sqlite/,
    )
  })
})

describe('verifySnapshot', () => {
  test('accepts an intact snapshot and refuses one whose sha256 differs, quoting both', async () => {
    await makeSnapshot('v0.9.5', '0.9.5')
    const [snapshot] = await loadCatalogue(snapshots)
    await verifySnapshot(snapshot!)
    await editManifest('v0.9.5', (m) => {
      m['sha256'] = '9ab2'.padEnd(64, '0')
    })
    const [edited] = await loadCatalogue(snapshots)
    const actual = (await sha256File(edited!.dbPath)).slice(0, 12)
    await expect(verifySnapshot(edited!)).rejects.toThrow(
      `snapshot "v0.9.5": sha256 is ${actual}..., manifest says 9ab200000000...`,
    )
  })

  test('refuses a file that is not SQLite, even with a matching sha256', async () => {
    await makeSnapshot('v0.9.5', '0.9.5')
    const dbPath = path.join(snapshots, 'v0.9.5', 'db.sqlite')
    await writeFile(dbPath, 'PK\x03\x04 this is a zip file, not a database')
    const sha256 = await sha256File(dbPath)
    await editManifest('v0.9.5', (m) => {
      m['sha256'] = sha256
    })
    const [snapshot] = await loadCatalogue(snapshots)
    await expect(verifySnapshot(snapshot!)).rejects.toThrow(
      /snapshot "v0.9.5": .*db.sqlite: not a SQLite database/,
    )
  })

  test('refuses a truncated file, even with a matching sha256', async () => {
    await makeSnapshot('v0.9.5', '0.9.5')
    const dbPath = path.join(snapshots, 'v0.9.5', 'db.sqlite')
    await truncate(dbPath, (await stat(dbPath)).size - 100)
    const sha256 = await sha256File(dbPath)
    await editManifest('v0.9.5', (m) => {
      m['sha256'] = sha256
    })
    const [snapshot] = await loadCatalogue(snapshots)
    await expect(verifySnapshot(snapshot!)).rejects.toThrow(
      /truncated: \d+ bytes, header says 2 pages of 4096/,
    )
  })

  test.for([
    ['-wal', 'write-ahead log'],
    ['-journal', 'rollback journal'],
  ] as const)('refuses a %s file beside the snapshot (SQLite would read it too)', async ([suffix, what]) => {
    await makeSnapshot('v0.9.5', '0.9.5')
    const [snapshot] = await loadCatalogue(snapshots)
    await writeFile(snapshot!.dbPath + suffix, '')
    await verifySnapshot(snapshot!) // an empty one holds nothing
    await writeFile(snapshot!.dbPath + suffix, Buffer.alloc(4096, 1))
    await expect(verifySnapshot(snapshot!)).rejects.toThrow(
      `snapshot "v0.9.5": ${path.join(snapshots, 'v0.9.5', 'db.sqlite')}${suffix}: a ${what} beside the snapshot`,
    )
  })

  test("with rowCounts, refuses row counts that are not the database's", async () => {
    await makeSnapshot('v0.9.5', '0.9.5')
    await editManifest('v0.9.5', (m) => {
      m['rowCounts'] = { notes: 999 }
    })
    const [snapshot] = await loadCatalogue(snapshots)
    await verifySnapshot(snapshot!)
    await expect(verifySnapshot(snapshot!, { rowCounts: true })).rejects.toThrow(
      /^snapshot "v0.9.5": table notes has 1 row, manifest says 999 rows \(.*db\.sqlite\)$/,
    )
  })

  test('only reads: a read-only snapshot verifies', async () => {
    const snapshotDir = await makeSnapshot('v0.9.5', '0.9.5')
    await chmod(path.join(snapshotDir, 'db.sqlite'), 0o444)
    const [snapshot] = await loadCatalogue(snapshots)
    await expect(verifySnapshot(snapshot!)).resolves.toEqual({ ...snapshot, verified: expect.any(String) })
  })
})
