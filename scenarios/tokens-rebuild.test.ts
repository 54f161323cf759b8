// A hand-written scenario test with the schema matchers: what migration 0002 must do to a v0.9.5
// database, stated property by property. The failure message of each matcher is the structural diff.
import { copyFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { expect, test } from 'vitest'
import { initDb } from '../app/init-db.ts'
import { schemaMatchers } from '../harness/vitest/index.ts'

expect.extend(schemaMatchers)

const ROOT = path.resolve(import.meta.dirname, '..')

test('a v0.9.5 database gets tokens rebuilt around token_hash, and the schema of a fresh one', async () => {
  await using work = await scratch()
  const upgraded = path.join(work.path, 'upgraded.sqlite')
  const fresh = path.join(work.path, 'fresh.sqlite')
  await copyFile(path.join(ROOT, 'snapshots/v0.9.5/db.sqlite'), upgraded)
  initDb(upgraded)
  initDb(fresh)

  expect(upgraded).toHaveColumn('tokens', 'token_hash', { type: 'TEXT', notNull: true, unique: true })
  expect(upgraded).toHaveIndex('tokens', ['token_hash'], { name: 'idx_tokens_token_hash' })
  expect(upgraded).toHaveColumn('auth_state', 'code_verifier', { type: 'TEXT', notNull: false })
  expect(upgraded).toHaveAppliedMigrations([
    '0000_initial',
    '0001_auth_state_code_verifier',
    '0002_tokens_token_hash',
    '0003_notes_fts',
    '0004_sessions_rebuild',
  ])
  expect(upgraded).toMatchSchema(fresh, { expectedLabel: 'fresh', actualLabel: 'upgraded' })
  // Reading is only reading: no -wal or -shm left beside the WAL-mode files the matchers opened.
  expect((await readdir(work.path)).sort()).toEqual(['fresh.sqlite', 'upgraded.sqlite'])
})

test('the matchers fail with the structural diff', async () => {
  await using work = await scratch()
  const old = path.join(work.path, 'v0.9.5.sqlite')
  const fresh = path.join(work.path, 'fresh.sqlite')
  await copyFile(path.join(ROOT, 'snapshots/v0.9.5/db.sqlite'), old)
  initDb(fresh)
  expect(() => expect(old).toHaveColumn('tokens', 'token_hash')).toThrow(/token_hash/)
  let message = ''
  try {
    expect(old).toMatchSchema(fresh, { expectedLabel: 'fresh', actualLabel: 'upgraded' })
  } catch (error) {
    message = (error as Error).message
  }
  expect(message).toMatch(/^Schemas differ \(fresh vs upgraded\): \d+ differences\n/)
  expect(message).toContain(
    '  table tokens\n    column token_hash: missing after upgrade (fresh: TEXT NOT NULL UNIQUE)\n',
  )
  expect(message).toContain(
    '  index idx_tokens_token_hash\n    missing after upgrade (fresh: ON tokens(token_hash))\n',
  )
})

async function scratch() {
  const d = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-scenario-' })
  return { path: d.path, [Symbol.asyncDispose]: () => d.cleanup() }
}
