import { rename } from 'node:fs/promises'
import Database from 'better-sqlite3'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { describe, expect, test } from 'vitest'
import { validateConfig } from '../config/validate-config.ts'
import type { Target, TargetRun } from '../targets/target.ts'
import { refusesNewerCheck } from './refuses-newer.ts'
import type { CheckContext } from './types.ts'

/** A release that refuses every database it is given, touching nothing. */
const refuses: Target = {
  description: 'module:refuses',
  async start(): Promise<TargetRun> {
    return {
      ok: false,
      ms: 1,
      exitCode: 1,
      signal: null,
      timedOut: false,
      stdout: '',
      stderr: '',
      error: 'Error: newer',
    }
  },
  [Symbol.asyncDispose]: async () => {},
}

/**
 * `refuses-newer` run with `target` on a database that holds one history table, made by `statements`
 * (its CREATE TABLE and INSERTs), the history being `table`.`column`.
 */
async function refusesNewerOn(statements: string[], table: string, column: string, target: Target) {
  const folder = await dir({ unsafeCleanup: true })
  try {
    const dbPath = path.join(folder.path, 'db.sqlite')
    const db = new Database(dbPath)
    for (const statement of statements) db.exec(statement)
    db.close()
    const config = validateConfig(
      { target: { module: 'a.ts' }, history: { table, column } },
      'c.json',
      'c.json',
    )
    return await refusesNewerCheck.run({ config, target, upgraded: { dbPath } } as unknown as CheckContext)
  } finally {
    await folder.cleanup()
  }
}

describe('refuses-newer adds its unknown migration to any history table SQLite allows', () => {
  test.for([
    ['(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)', "'0001_initial', 'x'"],
    [
      '(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)',
      "1, '0001_initial', 'x'",
    ],
    ['(id INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (id, name))', "1, '0001_initial'"],
    ['(name TEXT PRIMARY KEY, id INTEGER NOT NULL UNIQUE)', "'0001_initial', 1"],
    ['(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) WITHOUT ROWID', "1, '0001_initial'"],
    [
      '(name TEXT NOT NULL UNIQUE, seq INTEGER NOT NULL UNIQUE, checksum TEXT NOT NULL UNIQUE)',
      "'0001_initial', 1, 'x'",
    ],
    ['(name TEXT PRIMARY KEY, checksum BLOB NOT NULL UNIQUE) STRICT', "'0001_initial', x'00'"],
    ['(name TEXT PRIMARY KEY, at REAL NOT NULL UNIQUE) STRICT', "'0001_initial', 1.5"],
    ['(name TEXT PRIMARY KEY, seq INTEGER NOT NULL DEFAULT 1 UNIQUE)', "'0001_initial', 1"],
  ])('h %s', async ([definition, values]) => {
    const outcome = await refusesNewerOn(
      [`CREATE TABLE h ${definition}`, `INSERT INTO h VALUES (${values})`],
      'h',
      'name',
      refuses,
    )
    expect(outcome).toMatchObject({
      status: 'pass',
      message:
        'refused an unknown migration 9999_from_a_newer_release and left the file unchanged: Error: newer',
    })
  })

  /** A release whose history is a table of version numbers; it knows versions up to 3. */
  const knowsVersion3: Target = {
    description: 'module:knows-version-3',
    async start(dbPath): Promise<TargetRun> {
      const db = new Database(dbPath, { readonly: true })
      const newest = db.prepare('SELECT max(version) FROM schema_version').pluck().get() as number
      db.close()
      const run = { ms: 1, signal: null, timedOut: false, stdout: '', stderr: '' }
      if (newest > 3)
        return { ...run, ok: false, exitCode: 1, error: `Error: version ${newest} is newer than 3` }
      return { ...run, ok: true, exitCode: 0 }
    },
    [Symbol.asyncDispose]: async () => {},
  }

  test.for([
    ['(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)'],
    ['(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT'],
    ['(version NOT NULL UNIQUE)'],
  ])(
    'a history of version numbers %s gets the next number, which a release comparing numbers refuses',
    async ([definition]) => {
      const values = definition!.includes('applied_at') ? "(1, 'x'), (2, 'y'), (3, 'z')" : '(1), (2), (3)'
      const outcome = await refusesNewerOn(
        [`CREATE TABLE schema_version ${definition}`, `INSERT INTO schema_version VALUES ${values}`],
        'schema_version',
        'version',
        knowsVersion3,
      )
      expect(outcome).toMatchObject({
        status: 'pass',
        message:
          'refused an unknown migration 4 and left the file unchanged: Error: version 4 is newer than 3',
      })
    },
  )

  test('a history named by timestamps gets a name numbered past them, which a release comparing numbers refuses', async () => {
    const knowsUpToMarch: Target = {
      description: 'module:knows-up-to-march',
      async start(dbPath): Promise<TargetRun> {
        const db = new Database(dbPath, { readonly: true })
        const names = db.prepare('SELECT name FROM knex_migrations').pluck().all() as string[]
        db.close()
        const newest = Math.max(...names.map((name) => Number(/^\d+/.exec(name)![0])))
        const run = { ms: 1, signal: null, timedOut: false, stdout: '', stderr: '' }
        if (newest > 20240301090000)
          return { ...run, ok: false, exitCode: 1, error: `Error: ${newest} is newer than this release` }
        return { ...run, ok: true, exitCode: 0 }
      },
      [Symbol.asyncDispose]: async () => {},
    }
    const outcome = await refusesNewerOn(
      [
        'CREATE TABLE knex_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL)',
        "INSERT INTO knex_migrations (name) VALUES ('20240101120000_notes'), ('20240301090000_tags')",
      ],
      'knex_migrations',
      'name',
      knowsUpToMarch,
    )
    expect(outcome).toMatchObject({
      status: 'pass',
      message:
        'refused an unknown migration 99999999999999_from_a_newer_release and left the file unchanged: Error: 99999999999999 is newer than this release',
    })
  })

  test('a release that refuses by moving the database aside fails, saying the file is gone', async () => {
    const movesAside: Target = {
      ...refuses,
      async start(dbPath): Promise<TargetRun> {
        await rename(dbPath, `${dbPath}.newer`)
        return refuses.start(dbPath)
      },
    }
    const outcome = await refusesNewerOn(
      ['CREATE TABLE h (name TEXT PRIMARY KEY)', "INSERT INTO h VALUES ('0001_initial')"],
      'h',
      'name',
      movesAside,
    )
    expect(outcome).toMatchObject({
      status: 'fail',
      message:
        'initDb refused an unknown migration 9999_from_a_newer_release but the database file is gone (Error: newer)',
    })
  })

  /** A release keeping version numbers as text, read with Number(); it knows versions up to `known`. */
  const knowsTextVersion = (known: number): Target => ({
    description: 'module:knows-text-version',
    async start(dbPath): Promise<TargetRun> {
      const db = new Database(dbPath, { readonly: true })
      const versions = db.prepare('SELECT version FROM schema_version').pluck().all() as string[]
      db.close()
      const newest = Math.max(...versions.map(Number))
      const run = { ms: 1, signal: null, timedOut: false, stdout: '', stderr: '' }
      if (newest > known)
        return { ...run, ok: false, exitCode: 1, error: `Error: version ${newest} is newer than ${known}` }
      return { ...run, ok: true, exitCode: 0 }
    },
    [Symbol.asyncDispose]: async () => {},
  })

  test.for([
    ["('1'), ('2'), ('3')", 3, '9999'],
    ["('20240101120000'), ('20240301090000')", 20240301090000, '99999999999999'],
    ["('1'), ('9999')", 9999, '99999'],
  ] as const)(
    'a text history of version numbers (%s) gets one of nines, newer as text and as a number',
    async ([values, known, unknown]) => {
      const outcome = await refusesNewerOn(
        [
          'CREATE TABLE schema_version (version TEXT NOT NULL)',
          `INSERT INTO schema_version VALUES ${values}`,
        ],
        'schema_version',
        'version',
        knowsTextVersion(known),
      )
      expect(outcome).toMatchObject({
        status: 'pass',
        message: `refused an unknown migration ${unknown} and left the file unchanged: Error: version ${unknown} is newer than ${known}`,
      })
    },
  )
})
