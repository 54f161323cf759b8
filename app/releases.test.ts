import { readFileSync, readdirSync, statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { historyOf, rowCounts } from './testing/history-of.ts'
import {
  buildReleaseDb,
  releaseDir,
  releaseInitDb,
  RELEASES,
  WORKAROUND_SQL,
  type Release,
} from './testing/release-db.ts'
import { schemaSignature } from './testing/schema-signature.ts'
import { tempDir } from './testing/temp-dir.ts'

/** Tables each release's fixtures must fill with at least 20 rows. */
const MAIN_TABLES: Record<Release, string[]> = {
  'v0.1.0': ['notes', 'sessions', 'tokens', 'auth_state'],
  'v0.9.5': ['notes', 'sessions', 'tokens', 'auth_state'],
  'v1.0.0-rc.1': ['notes', 'sessions', 'tokens', 'auth_state', 'authorization_codes'],
  'v1.0.0': ['notes', 'sessions', 'tokens', 'auth_state', 'authorization_codes'],
}

/** The history each release records on an empty file. */
const FRESH_HISTORY: Record<Release, string[]> = {
  'v0.1.0': [],
  'v0.9.5': ['0001_auth_state_code_verifier'],
  'v1.0.0-rc.1': ['0001_auth_state_code_verifier', '0002_tokens_token_hash'],
  'v1.0.0': ['0000_initial', '0001_auth_state_code_verifier', '0002_tokens_token_hash'],
}

describe('each release on an empty file', { timeout: 30_000 }, () => {
  test.for(RELEASES)('%s starts, records its history and loads its fixtures', async (release) => {
    await using tmp = await tempDir()
    const path = tmp.file('db.sqlite')
    await buildReleaseDb(release, path)
    expect(historyOf(path)).toEqual(FRESH_HISTORY[release])
    const counts = rowCounts(path)
    for (const table of MAIN_TABLES[release]) expect(counts[table], table).toBeGreaterThanOrEqual(20)
    // Every table of the release holds rows (the history is written by initDb, not the fixtures).
    for (const [table, count] of Object.entries(counts)) expect(count, table).toBeGreaterThan(0)
    const db = new Database(path, { readonly: true })
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(db.pragma('foreign_key_check')).toEqual([])
    } finally {
      db.close()
    }
  })

  test.for(RELEASES)('%s fixtures put a NULL in every nullable column', async (release) => {
    await using tmp = await tempDir()
    const path = tmp.file('db.sqlite')
    await buildReleaseDb(release, path)
    const db = new Database(path, { readonly: true })
    try {
      for (const table of MAIN_TABLES[release]) {
        const columns = db.pragma(`table_info("${table}")`) as { name: string; notnull: number; pk: number }[]
        for (const column of columns.filter((candidate) => candidate.notnull === 0 && candidate.pk === 0)) {
          const nulls = db
            .prepare(`SELECT count(*) FROM "${table}" WHERE "${column.name}" IS NULL`)
            .pluck()
            .get()
          expect(nulls, `${table}.${column.name}`).toBeGreaterThan(0)
        }
      }
    } finally {
      db.close()
    }
  })

  test.for(RELEASES)('%s starts a second time without error or change', async (release) => {
    await using tmp = await tempDir()
    const path = tmp.file('db.sqlite')
    await buildReleaseDb(release, path)
    const before = schemaSignature(path)
    ;(await releaseInitDb(release))(path)
    expect(schemaSignature(path)).toEqual(before)
    expect(historyOf(path)).toEqual(FRESH_HISTORY[release])
  })
})

describe('upgrades between releases', { timeout: 30_000 }, () => {
  test('v0.9.5 on a v0.1.0 database applies 0001, adding auth_state.code_verifier', async () => {
    await using tmp = await tempDir()
    const path = tmp.file('db.sqlite')
    await buildReleaseDb('v0.1.0', path)
    ;(await releaseInitDb('v0.9.5'))(path)
    expect(historyOf(path)).toEqual(['0001_auth_state_code_verifier'])
    const db = new Database(path, { readonly: true })
    try {
      const columns = (db.pragma('table_info(auth_state)') as { name: string }[]).map((column) => column.name)
      expect(columns).toContain('code_verifier')
    } finally {
      db.close()
    }
  })

  test('v1.0.0-rc.1 on a v0.9.5 database throws "no such column: token_hash" before any migration', async () => {
    await using tmp = await tempDir()
    const path = tmp.file('db.sqlite')
    await buildReleaseDb('v0.9.5', path)
    const before = schemaSignature(path)
    const initDb = await releaseInitDb('v1.0.0-rc.1')
    let thrown: unknown
    try {
      initDb(path)
    } catch (error) {
      thrown = error
    }
    // SQLite's own error, unwrapped: this is what operators saw in the logs of rc.1.
    expect(thrown).toMatchObject({
      name: 'SqliteError',
      code: 'SQLITE_ERROR',
      message: 'no such column: token_hash',
    })
    expect(historyOf(path)).toEqual(['0001_auth_state_code_verifier'])
    expect(schemaSignature(path)).toEqual(before)
  })

  test('v1.0.0-rc.1 starts on the hot-fixed v0.9.5 database and ends as its fresh install', async () => {
    await using tmp = await tempDir()
    const path = tmp.file('db.sqlite')
    await buildReleaseDb('v0.9.5', path, { afterSql: [WORKAROUND_SQL] })
    ;(await releaseInitDb('v1.0.0-rc.1'))(path)
    const fresh = tmp.file('fresh.sqlite')
    await buildReleaseDb('v1.0.0-rc.1', fresh, { fixtures: false })
    expect(schemaSignature(path)).toEqual(schemaSignature(fresh))
    expect(rowCounts(path)['tokens']).toBe(0)
  })

  const V1_SOURCES: { name: string; release: Release; afterSql?: string[] }[] = [
    { name: 'v0.1.0', release: 'v0.1.0' },
    { name: 'v0.9.5', release: 'v0.9.5' },
    { name: 'v0.9.5-workaround', release: 'v0.9.5', afterSql: [WORKAROUND_SQL] },
    { name: 'v1.0.0-rc.1', release: 'v1.0.0-rc.1' },
  ]

  test.for(V1_SOURCES)('v1.0.0 on a $name database ends as its fresh install', async (source) => {
    await using tmp = await tempDir()
    const path = tmp.file('db.sqlite')
    await buildReleaseDb(source.release, path, { afterSql: source.afterSql })
    ;(await releaseInitDb('v1.0.0'))(path)
    const fresh = tmp.file('fresh.sqlite')
    await buildReleaseDb('v1.0.0', fresh, { fixtures: false })
    expect(schemaSignature(path)).toEqual(schemaSignature(fresh))
    expect(historyOf(path)).toEqual(FRESH_HISTORY['v1.0.0'])
  })
})

describe('shipped migration files', () => {
  const current = new URL('./migrations/', import.meta.url)
  const shipped = RELEASES.flatMap((release) => {
    const dir = new URL('migrations/', releaseDir(release))
    const exists = statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false
    return exists ? readdirSync(dir).map((file) => ({ release, file, url: new URL(file, dir) })) : []
  })

  test('every release from v0.9.5 on ships a migrations folder', () => {
    expect(new Set(shipped.map((entry) => entry.release))).toEqual(
      new Set(['v0.9.5', 'v1.0.0-rc.1', 'v1.0.0']),
    )
  })

  test.for(shipped)('$release/migrations/$file is byte-identical to the current one', (entry) => {
    expect(readFileSync(entry.url).equals(readFileSync(new URL(entry.file, current)))).toBe(true)
  })

  test('0000_initial.sql is exactly the schema v0.1.0 shipped', () => {
    const initial = readFileSync(new URL('0000_initial.sql', current))
    expect(initial.equals(readFileSync(new URL('schema.sql', releaseDir('v0.1.0'))))).toBe(true)
  })
})
