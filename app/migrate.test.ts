import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { HistoryError } from './history-error.ts'
import { readHistory } from './history.ts'
import { applyPending, INITIAL_MIGRATION, refuseUnknown } from './migrate.ts'
import { MigrationError } from './migration-error.ts'
import type { MigrationFile } from './migration-files.ts'
import { tempDir } from './testing/temp-dir.ts'

const PARENT_CHILD: MigrationFile[] = [
  { name: '0000_initial', sql: 'CREATE TABLE parent (id INTEGER PRIMARY KEY)' },
  {
    name: '0001_child',
    sql: 'CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id))',
  },
]
const ORPHAN: MigrationFile = { name: '0002_orphan', sql: 'INSERT INTO child (id, parent_id) VALUES (1, 99)' }

/** Opens a temporary database as initDb leaves it set up for migrating, and closes it afterwards. */
async function withMigratingDb(work: (db: Database.Database) => void): Promise<void> {
  await using tmp = await tempDir()
  const db = new Database(tmp.file('db.sqlite'))
  try {
    db.pragma('foreign_keys = OFF')
    work(db)
  } finally {
    db.close()
  }
}

describe('applyPending', () => {
  test('applies pending migrations in order and reports them; nothing the second time', () =>
    withMigratingDb((db) => {
      expect(applyPending(db, PARENT_CHILD)).toEqual(['0000_initial', '0001_child'])
      expect(applyPending(db, PARENT_CHILD)).toEqual([])
      expect(readHistory(db)).toEqual(['0000_initial', '0001_child'])
    }))

  test('rolls back a migration that breaks a foreign key, naming it', () =>
    withMigratingDb((db) => {
      applyPending(db, PARENT_CHILD)
      expect(() => applyPending(db, [...PARENT_CHILD, ORPHAN])).toThrow(
        new MigrationError(
          '0002_orphan',
          'migration "0002_orphan" failed: 1 row(s) break foreign keys, first child rowid 1 (no such row in parent)',
        ),
      )
      expect(readHistory(db)).toEqual(['0000_initial', '0001_child'])
      expect(db.prepare('SELECT count(*) FROM child').pluck().get()).toBe(0)
    }))

  test('records the first schema ahead of the history a script-era release left', () =>
    withMigratingDb((db) => {
      db.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY); CREATE TABLE sessions (id TEXT PRIMARY KEY);
               CREATE TABLE tokens (id INTEGER PRIMARY KEY); CREATE TABLE auth_state (state TEXT PRIMARY KEY);
               CREATE TABLE schema_migrations (migration_name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);
               INSERT INTO schema_migrations VALUES ('0001_child', '2021-03-04T05:06:07.000Z')`)
      const migrations: MigrationFile[] = [
        { name: INITIAL_MIGRATION, sql: 'SELECT RAISE(ABORT, "the baseline must not run")' },
        { name: '0001_child', sql: '' },
        { name: '0002_more', sql: 'CREATE TABLE more (id INTEGER PRIMARY KEY)' },
      ]
      expect(applyPending(db, migrations)).toEqual(['0002_more'])
      expect(readHistory(db)).toEqual(['0000_initial', '0001_child', '0002_more'])
      const baseline = db.prepare(
        "SELECT applied_at FROM schema_migrations WHERE migration_name = '0000_initial'",
      )
      expect(baseline.pluck().get()).toBe('2021-03-04T05:06:07.000Z')
    }))
})

describe('refuseUnknown', () => {
  test('throws naming every unknown migration and writes nothing', () =>
    withMigratingDb((db) => {
      applyPending(db, PARENT_CHILD)
      const changes = db.prepare('SELECT total_changes()').pluck()
      const before = changes.get()
      expect(() => refuseUnknown(db, PARENT_CHILD.slice(0, 1))).toThrow(
        /"0001_child" that this release does not know/,
      )
      expect(changes.get()).toBe(before)
      expect(db.inTransaction).toBe(false)
    }))

  test('accepts a history it knows entirely', () =>
    withMigratingDb((db) => {
      applyPending(db, PARENT_CHILD)
      expect(() => refuseUnknown(db, PARENT_CHILD)).not.toThrow()
    }))
})

describe('a migration that ends its own transaction', () => {
  // Its statements before the COMMIT are committed, those after it ran outside any transaction: the
  // runner cannot undo them, but must not file the migration as applied either.
  test('is refused, naming it, and not recorded as applied', () =>
    withMigratingDb((db) => {
      const commits: MigrationFile = {
        name: '0002_commits',
        sql: 'CREATE TABLE early (id INTEGER PRIMARY KEY); COMMIT; INSERT INTO child (id, parent_id) VALUES (1, 99)',
      }
      expect(() => applyPending(db, [...PARENT_CHILD, commits])).toThrow(
        new MigrationError(
          '0002_commits',
          'migration "0002_commits" failed: its SQL ends the transaction it runs in (COMMIT, END or ROLLBACK); ' +
            'a migration must not control transactions, the runner commits it with its history row',
        ),
      )
      expect(readHistory(db)).toEqual(['0000_initial', '0001_child'])
      expect(db.inTransaction).toBe(false)
    }))

  test.for(['COMMIT; BEGIN', 'END; BEGIN IMMEDIATE', 'ROLLBACK; BEGIN'])(
    'is refused and not recorded when it opens a transaction of its own after (%s)',
    (ends) =>
      withMigratingDb((db) => {
        const reopens: MigrationFile = {
          name: '0002_reopens',
          sql: `CREATE TABLE early (id INTEGER PRIMARY KEY); ${ends}; CREATE TABLE late (id INTEGER PRIMARY KEY)`,
        }
        expect(() => applyPending(db, [...PARENT_CHILD, reopens])).toThrow(
          /its SQL ends the transaction it runs in/,
        )
        expect(readHistory(db)).toEqual(['0000_initial', '0001_child'])
        expect(db.inTransaction).toBe(false)
      }),
  )
})

describe('a migration whose commit fails', () => {
  // The commit is the migration's last step: a full disk as FTS5 flushes what it buffered, or a reader
  // that keeps a rollback-journal database locked past busy_timeout, fails there, after the file ran.
  test('is rolled back and reported naming it', async () => {
    await using tmp = await tempDir()
    const file = tmp.file('db.sqlite')
    const db = new Database(file, { timeout: 0 })
    const reader = new Database(file, { timeout: 0 })
    try {
      db.pragma('foreign_keys = OFF')
      applyPending(db, PARENT_CHILD)
      const more: MigrationFile = { name: '0002_more', sql: 'CREATE TABLE more (id INTEGER PRIMARY KEY)' }
      reader.exec('BEGIN')
      reader.prepare('SELECT count(*) FROM parent').get()
      expect(() => applyPending(db, [...PARENT_CHILD, more])).toThrow(
        new MigrationError('0002_more', 'migration "0002_more" failed: database is locked'),
      )
      reader.exec('ROLLBACK')
      expect(readHistory(db)).toEqual(['0000_initial', '0001_child'])
      expect(db.inTransaction).toBe(false)
    } finally {
      reader.close()
      db.close()
    }
  })
})

describe("a failure in the runner's own bookkeeping", () => {
  // Before any migration runs, the runner creates its history table: on a full disk (here the file may not
  // grow by a page) SQLite's bare 'database or disk is full' named nothing.
  test('a full disk while creating the history table is reported naming that step', () =>
    withMigratingDb((db) => {
      db.exec('CREATE TABLE kept (id INTEGER PRIMARY KEY)')
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
      expect(() => applyPending(db, PARENT_CHILD)).toThrow(
        new HistoryError(
          'creating the migration history table "schema_migrations"',
          'creating the migration history table "schema_migrations" failed: database or disk is full',
        ),
      )
      expect(readHistory(db)).toEqual([])
      expect(db.inTransaction).toBe(false)
    }))

  test('a write lock held past busy_timeout is reported naming that step', async () => {
    await using tmp = await tempDir()
    const file = tmp.file('db.sqlite')
    const db = new Database(file, { timeout: 0 })
    const other = new Database(file, { timeout: 0 })
    try {
      other.exec('BEGIN IMMEDIATE')
      const locked = new HistoryError(
        'taking the write lock (BEGIN IMMEDIATE)',
        'taking the write lock (BEGIN IMMEDIATE) failed: database is locked',
      )
      expect(() => refuseUnknown(db, PARENT_CHILD)).toThrow(locked)
      expect(() => applyPending(db, PARENT_CHILD)).toThrow(locked)
    } finally {
      other.close()
      db.close()
    }
  })
})
