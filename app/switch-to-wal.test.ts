import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { describe, expect, test } from 'vitest'
import { switchToWal } from './switch-to-wal.ts'

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3')

/** Another process that holds the write lock of a rollback-journal database for `ms`, then commits. */
async function holdWriteLock(dbPath: string, ms: number): Promise<{ committed: Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const Database = require(${JSON.stringify(BETTER_SQLITE3)})
      const db = new Database(${JSON.stringify(dbPath)})
      db.pragma('busy_timeout = 5000'); db.exec('BEGIN IMMEDIATE'); db.prepare('INSERT INTO t VALUES (1)').run(); console.log('locked')
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms})
      db.exec('COMMIT'); db.close()`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  await new Promise((locked) => child.stdout.once('data', locked))
  // Wrapped: an async function returning a bare promise would wait for it.
  return { committed: new Promise((done) => child.on('exit', () => done())) }
}

describe('switchToWal', { timeout: 30_000 }, () => {
  test('waits out another start that holds the write lock, where the plain pragma fails at once', async () => {
    const folder = await dir({ unsafeCleanup: true })
    try {
      const dbPath = path.join(folder.path, 'db.sqlite')
      const setup = new Database(dbPath)
      setup.exec('CREATE TABLE t (x)')
      setup.close()
      const db = new Database(dbPath)
      db.pragma('busy_timeout = 5000')

      let other = await holdWriteLock(dbPath, 300)
      // SQLite does not wait here, busy timeout or not: waiting could deadlock both processes.
      expect(() => db.pragma('journal_mode = WAL')).toThrow(/database is locked/)
      await other.committed

      other = await holdWriteLock(dbPath, 300)
      switchToWal(db, 5000)
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      await other.committed
      db.close()
      const check = new Database(dbPath, { readonly: true })
      expect(check.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2)
      check.close()
    } finally {
      await folder.cleanup()
    }
  })
})
