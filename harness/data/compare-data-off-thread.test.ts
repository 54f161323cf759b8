import Database from 'better-sqlite3'
import { copyFile } from 'node:fs/promises'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { compareData } from './compare-data.ts'
import { OFF_THREAD_BYTES, compareDataOffThread } from './compare-data-off-thread.ts'
import { runWorker } from './run-worker.ts'

vi.mock('./run-worker.ts', { spy: true })

let folder: { path: string; cleanup: () => Promise<void> }
beforeAll(async () => {
  folder = await dir({ unsafeCleanup: true })
})
afterAll(() => folder.cleanup())

describe('compareDataOffThread', { timeout: 60_000 }, () => {
  test('a large database is compared on a worker thread, with the same result as on this one', async () => {
    const before = path.join(folder.path, 'before.sqlite')
    const after = path.join(folder.path, 'after.sqlite')
    const db = new Database(before)
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); CREATE TABLE padding (data BLOB)')
    db.prepare('INSERT INTO padding VALUES (zeroblob(?))').run(OFF_THREAD_BYTES + 4096)
    const insert = db.prepare('INSERT INTO notes (body) VALUES (?)')
    for (let i = 0; i < 50; i++) insert.run(`note ${i}`)
    db.close()
    await copyFile(before, after)
    new Database(after).exec("DELETE FROM notes WHERE body = 'note 7'").close()

    const onThisThread = (): never => {
      throw new Error('a large database is not read on this thread')
    }
    const offThread = await compareDataOffThread(before, { dbPath: after, connection: onThisThread }, {})
    expect(runWorker).toHaveBeenCalledOnce()
    expect(offThread.ok).toBe(false)
    expect(offThread.tables.find((t) => t.table === 'notes')).toMatchObject({ status: 'differs', lost: 1 })
    expect(offThread).toEqual(compareData(before, after, {}))
  })
})
