import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { initDb } from './init-db.ts'
import { MigrationError } from './migration-error.ts'
import { fileHash } from './testing/file-hash.ts'
import { historyOf, rowCounts } from './testing/history-of.ts'
import { lostRows } from './testing/lost-rows.ts'
import { buildReleaseDb, WORKAROUND_SQL, type Release } from './testing/release-db.ts'
import { schemaSignature } from './testing/schema-signature.ts'
import { tempDir, type TempDir } from './testing/temp-dir.ts'

const CURRENT_HISTORY = [
  '0000_initial',
  '0001_auth_state_code_verifier',
  '0002_tokens_token_hash',
  '0003_notes_fts',
  '0004_sessions_rebuild',
]

/** The released databases the harness keeps snapshots of, and the rows each may lose by design. */
const RELEASED: { name: string; release: Release; afterSql?: string[]; mayLose: string[] }[] = [
  { name: 'v0.1.0', release: 'v0.1.0', mayLose: ['tokens'] },
  { name: 'v0.9.5', release: 'v0.9.5', mayLose: ['tokens'] },
  { name: 'v0.9.5-workaround', release: 'v0.9.5', afterSql: [WORKAROUND_SQL], mayLose: ['tokens'] },
  { name: 'v1.0.0-rc.1', release: 'v1.0.0-rc.1', mayLose: [] },
  { name: 'v1.0.0', release: 'v1.0.0', mayLose: [] },
]

async function freshDb(tmp: TempDir): Promise<string> {
  const path = tmp.file('fresh.sqlite')
  initDb(path)
  return path
}

function withDb<T>(path: string, work: (db: Database.Database) => T): T {
  const db = new Database(path)
  try {
    return work(db)
  } finally {
    db.close()
  }
}

describe('initDb on an empty file', { timeout: 30_000 }, () => {
  test('applies every migration in order, in WAL mode, with a sound database', async () => {
    await using tmp = await tempDir()
    const path = await freshDb(tmp)
    expect(historyOf(path)).toEqual(CURRENT_HISTORY)
    withDb(path, (db) => {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      const appliedAt = db.prepare('SELECT applied_at FROM schema_migrations').pluck().all() as string[]
      for (const stamp of appliedAt) expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    })
  })

  test('keeps the full-text index in step with notes', async () => {
    await using tmp = await tempDir()
    const path = await freshDb(tmp)
    withDb(path, (db) => {
      const insert = db.prepare(
        "INSERT INTO notes (slug, content, published_at) VALUES (?, ?, '2025-01-01T00:00:00.000Z')",
      )
      const { lastInsertRowid } = insert.run('garden', 'Tomatoes in the garden')
      insert.run('cafe', 'Café au lait')
      const search = db.prepare('SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?').pluck()
      expect(search.all('tomatoes')).toEqual([lastInsertRowid])
      expect(search.all('cafe')).toHaveLength(1)
      db.prepare("UPDATE notes SET content = 'Beans now' WHERE id = ?").run(lastInsertRowid)
      expect(search.all('tomatoes')).toEqual([])
      db.prepare('DELETE FROM notes WHERE id = ?').run(lastInsertRowid)
      expect(search.all('beans')).toEqual([])
    })
  })

  test('ends sessions with their token and refuses sessions that expire before they start', async () => {
    await using tmp = await tempDir()
    const path = await freshDb(tmp)
    withDb(path, (db) => {
      db.pragma('foreign_keys = ON')
      db.exec(`INSERT INTO tokens (id, token_hash, me, client_id, issued_at)
                 VALUES (7, 'h', 'https://alice.example/', 'https://quill.p3k.io/', '2025-01-01T00:00:00.000Z');
               INSERT INTO sessions (id, me, created_at, expires_at, token_id)
                 VALUES ('s1', 'https://alice.example/', '2025-01-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z', 7)`)
      db.exec('DELETE FROM tokens WHERE id = 7')
      expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0)
      expect(() =>
        db.exec(`INSERT INTO sessions (id, me, created_at, expires_at)
                   VALUES ('s2', 'https://alice.example/', '2025-02-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`),
      ).toThrow(/CHECK constraint failed/)
    })
  })
})

describe.for(RELEASED)('initDb on a $name database', { timeout: 30_000 }, (source) => {
  async function upgraded(tmp: TempDir): Promise<{ before: string; path: string }> {
    const before = tmp.file('before.sqlite')
    await buildReleaseDb(source.release, before, { afterSql: source.afterSql })
    const path = tmp.file('upgraded.sqlite')
    withDb(before, (db) => db.prepare('VACUUM INTO ?').run(path))
    initDb(path)
    return { before, path }
  }

  test('ends with the schema and history of a fresh start', async () => {
    await using tmp = await tempDir()
    const { path } = await upgraded(tmp)
    const fresh = await freshDb(tmp)
    expect(schemaSignature(path)).toEqual(schemaSignature(fresh))
    expect(historyOf(path)).toEqual(CURRENT_HISTORY)
  })

  test('keeps every row, except the plain-text tokens that 0002 invalidates', async () => {
    await using tmp = await tempDir()
    const { before, path } = await upgraded(tmp)
    expect(Object.keys(lostRows(before, path))).toEqual(source.mayLose)
    const counts = rowCounts(path)
    expect(counts['notes_fts']).toBe(counts['notes'])
  })

  test('leaves a sound database', async () => {
    await using tmp = await tempDir()
    const { path } = await upgraded(tmp)
    withDb(path, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(db.pragma('foreign_key_check')).toEqual([])
      // Throws when the external-content index disagrees with notes.
      db.exec("INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)")
    })
  })

  test('changes nothing on a second start', async () => {
    await using tmp = await tempDir()
    const { path } = await upgraded(tmp)
    const hash = fileHash(path)
    initDb(path)
    expect(fileHash(path)).toBe(hash)
  })

  test('refuses, byte for byte untouched, a history holding an unknown newer migration', async () => {
    await using tmp = await tempDir()
    const path = tmp.file('newer.sqlite')
    await buildReleaseDb(source.release, path, { afterSql: [...(source.afterSql ?? []), NEWER_RELEASE_SQL] })
    const hash = fileHash(path)
    expect(() => initDb(path)).toThrow(
      expect.objectContaining({ name: 'MigrationError', migration: '0099_from_the_future' }),
    )
    expect(fileHash(path)).toBe(hash)
  })
})

/** What a newer release would have left in the history (v0.1.0 databases have none yet). */
const NEWER_RELEASE_SQL = `CREATE TABLE IF NOT EXISTS schema_migrations (migration_name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);
INSERT INTO schema_migrations (migration_name, applied_at) VALUES ('0099_from_the_future', '2099-01-01T00:00:00.000Z')`

describe('initDb failures', { timeout: 30_000 }, () => {
  test('names the failing migration, keeps SQLite message, and rolls the migration back', async () => {
    await using tmp = await tempDir()
    const path = tmp.file('db.sqlite')
    // A v0.1.0 database someone already patched by hand: 0001 cannot add the column again.
    await buildReleaseDb('v0.1.0', path, {
      afterSql: ['ALTER TABLE auth_state ADD COLUMN code_verifier TEXT'],
    })
    const error = catchError(() => initDb(path))
    expect(error).toBeInstanceOf(MigrationError)
    expect(error).toMatchObject({
      migration: '0001_auth_state_code_verifier',
      message: 'migration "0001_auth_state_code_verifier" failed: duplicate column name: code_verifier',
    })
    expect(historyOf(path)).toEqual([])
  })

  test('refuses a database holding only part of the first schema', async () => {
    await using tmp = await tempDir()
    const path = tmp.file('db.sqlite')
    withDb(path, (db) =>
      db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY); CREATE TABLE tokens (id INTEGER)'),
    )
    expect(() => initDb(path)).toThrow(/has tables notes, tokens but not sessions, auth_state/)
    expect(historyOf(path)).toEqual([])
  })
})

/** Processes started at once, and how long they get to load before they all call initDb (ms). */
const PROCESSES = 4
const START_DELAY_MS = 2000

describe('initDb started by several processes at once', { timeout: 60_000 }, () => {
  const root = fileURLToPath(new URL('..', import.meta.url))
  // Each child loads the module, then waits for a shared moment, so that the starts really overlap.
  const script = [
    `const { initDb } = await import(${JSON.stringify(new URL('./init-db.ts', import.meta.url).href)})`,
    'await new Promise((resolve) => setTimeout(resolve, Number(process.argv[2]) - Date.now()))',
    'initDb(process.argv[1])',
  ].join('\n')
  const run = promisify(execFile)

  test.for(['an empty', 'a v0.9.5'])(
    'on %s database all succeed and apply each migration once',
    async (kind) => {
      await using tmp = await tempDir()
      const path = tmp.file('db.sqlite')
      if (kind === 'a v0.9.5') await buildReleaseDb('v0.9.5', path)
      const startAt = String(Date.now() + START_DELAY_MS)
      const starts = Array.from({ length: PROCESSES }, () =>
        run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, path, startAt], {
          cwd: root,
        }),
      )
      await Promise.all(starts)
      expect(historyOf(path)).toEqual(CURRENT_HISTORY)
      expect(schemaSignature(path)).toEqual(schemaSignature(await freshDb(tmp)))
    },
  )
})

function catchError(work: () => void): unknown {
  try {
    work()
  } catch (error) {
    return error
  }
  throw new Error('expected an error, none was thrown')
}
