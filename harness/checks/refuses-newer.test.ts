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

describe('refuses-newer adds its unknown migration to any history table SQLite allows', () => {
  test.for([
    '(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
    '(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)',
    '(id INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (id, name))',
    '(name TEXT PRIMARY KEY, id INTEGER NOT NULL UNIQUE)',
    '(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) WITHOUT ROWID',
    '(name TEXT NOT NULL UNIQUE, seq INTEGER NOT NULL UNIQUE, checksum TEXT NOT NULL UNIQUE)',
  ])('h %s', async (definition) => {
    const folder = await dir({ unsafeCleanup: true })
    try {
      const dbPath = path.join(folder.path, 'db.sqlite')
      const db = new Database(dbPath)
      db.exec(`CREATE TABLE h ${definition}`)
      const declared = (
        db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('h') as string[]
      ).filter((c) => c !== 'name')
      const values = declared.map((c) => (c === 'applied_at' || c === 'checksum' ? "'x'" : '1'))
      db.exec(
        `INSERT INTO h (name${declared.map((c) => `, ${c}`).join('')}) VALUES ('0001'${values.map((v) => `, ${v}`).join('')})`,
      )
      db.close()
      const config = validateConfig(
        { target: { module: 'a.ts' }, history: { table: 'h', column: 'name' } },
        'c.json',
        'c.json',
      )
      const outcome = await refusesNewerCheck.run({
        config,
        target: refuses,
        upgraded: { dbPath },
      } as unknown as CheckContext)
      expect(outcome).toMatchObject({
        status: 'pass',
        message:
          'refused an unknown migration 9999_from_a_newer_release and left the file unchanged: Error: newer',
      })
    } finally {
      await folder.cleanup()
    }
  })
})
