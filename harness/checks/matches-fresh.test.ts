import Database from 'better-sqlite3'
import path from 'node:path'
import { dir, type DirectoryResult } from 'tmp-promise'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { loadConfig } from '../config/load-config.ts'
import type { Config } from '../config/types.ts'
import { inspectConnection } from '../inspect/inspect-connection.ts'
import { schemaFingerprint } from '../inspect/schema-fingerprint.ts'
import { matchesFreshCheck } from './matches-fresh.ts'
import type { CheckContext } from './types.ts'

let folder: DirectoryResult
let config: Config
const open: Database.Database[] = []

beforeEach(async () => {
  folder = await dir({ unsafeCleanup: true })
  config = await loadConfig(undefined, path.resolve(import.meta.dirname, '../..'))
})
afterEach(async () => {
  for (const db of open.splice(0)) db.close()
  await folder.cleanup()
})

function database(name: string, sql: string): Database.Database {
  const db = new Database(path.join(folder.path, name))
  db.exec(sql)
  open.push(db)
  return db
}

/** What the gate hands matches-fresh, counting how often the upgraded copy is inspected. */
function context(fresh: Database.Database, upgraded: Database.Database) {
  const inspected = { times: 0 }
  const ctx = {
    config,
    fresh: { model: inspectConnection(fresh), fingerprint: schemaFingerprint(fresh) },
    upgraded: {
      fingerprint: () => schemaFingerprint(upgraded),
      schema: () => {
        inspected.times++
        return inspectConnection(upgraded)
      },
    },
  } as unknown as CheckContext
  return { ctx, inspected }
}

const NOTES = 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);'

describe('matches-fresh', () => {
  test('the same schema rows and settings pass without inspecting the upgraded copy', async () => {
    const { ctx, inspected } = context(database('fresh.db', NOTES), database('up.db', NOTES))
    expect(await matchesFreshCheck.run(ctx)).toMatchObject({
      status: 'pass',
      message: "schema equals a fresh database's",
    })
    expect(inspected.times).toBe(0)
  })

  test('the same schema in other words is inspected, and passes', async () => {
    const fresh = database('fresh.db', NOTES)
    const upgraded = database('up.db', 'CREATE TABLE "notes" (id integer primary key,  body text not null);')
    expect(schemaFingerprint(fresh)).not.toBe(schemaFingerprint(upgraded))
    const { ctx, inspected } = context(fresh, upgraded)
    expect(await matchesFreshCheck.run(ctx)).toMatchObject({ status: 'pass' })
    expect(inspected.times).toBe(1)
  })

  test('a setting the schema rows do not show makes the fingerprints differ, and fails', async () => {
    const fresh = database('fresh.db', NOTES)
    const upgraded = database('up.db', NOTES + 'PRAGMA user_version = 3;')
    const { ctx } = context(fresh, upgraded)
    expect(await matchesFreshCheck.run(ctx)).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('user_version'),
    })
  })
})
