import Database from 'better-sqlite3'
import { afterEach, describe, expect, test } from 'vitest'
import { createEmptyWorkingCopy } from '../snapshots/working-copy.ts'
import { fakeTarget } from '../targets/fake-target.ts'
import { hasHotJournal, refuseHotJournals } from './hot-journal.ts'

/** Connections left open by a start, as a target process that returned mid-transaction leaves them. */
const leftOpen: Database.Database[] = []
afterEach(() => {
  for (const db of leftOpen.splice(0)) db.close()
})

/** A rollback-journal database with rows large enough that an update spills pages into the file. */
function writeRows(dbPath: string, journalMode: 'DELETE' | 'PERSIST'): Database.Database {
  const db = new Database(dbPath)
  db.pragma(`journal_mode = ${journalMode}`)
  db.pragma('cache_size = 2')
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)')
  db.exec(
    'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) ' +
      'INSERT INTO notes (body) SELECT hex(randomblob(2000)) FROM n',
  )
  return db
}

describe('refuseHotJournals', () => {
  test('a start that returns inside an open transaction fails, saying so', async () => {
    await using copy = await createEmptyWorkingCopy()
    const target = refuseHotJournals(
      fakeTarget((dbPath) => {
        const db = writeRows(dbPath, 'DELETE')
        leftOpen.push(db)
        // The migration script's BEGIN without its COMMIT: the connection is never closed.
        db.exec("BEGIN; UPDATE notes SET body = body || 'x'")
      }),
    )
    const run = await target.start(copy.dbPath)
    expect(hasHotJournal(copy.dbPath)).toBe(true)
    expect(run.ok).toBe(false)
    expect(run.error).toBe(
      'returned, but left a transaction open: db.sqlite-journal is a hot rollback journal, so the next ' +
        'open rolls back what the start wrote; commit it and close the database before returning',
    )
  })

  test.for(['DELETE', 'PERSIST'] as const)(
    'a start that commits and closes (journal_mode = %s) still succeeds',
    async (mode) => {
      await using copy = await createEmptyWorkingCopy()
      const target = refuseHotJournals(
        fakeTarget((dbPath) => {
          const db = writeRows(dbPath, mode)
          db.exec("UPDATE notes SET body = body || 'x'")
          db.close()
        }),
      )
      expect(await target.start(copy.dbPath)).toMatchObject({ ok: true })
      expect(hasHotJournal(copy.dbPath)).toBe(false)
    },
  )
})
