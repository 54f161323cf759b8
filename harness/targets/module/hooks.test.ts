import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'

import { makeTestPackage } from '../test-package.ts'
import { prepareModuleTarget } from './module-target.ts'

const FILES = {
  // On an empty database: pragma, exec, get, BEGIN, 20 inserts, COMMIT, iterate = 26 statements.
  'init-db.ts': `import Database from 'better-sqlite3'

export function initDb(path: string): void {
  const db = new Database(path)
  db.pragma('journal_mode = DELETE')
  db.exec('CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, body TEXT)')
  const count = db.prepare('SELECT count(*) FROM items').pluck().get() as number
  if (count === 0) {
    const insert = db.prepare('INSERT INTO items (body) VALUES (?)')
    db.transaction(() => {
      for (let i = 0; i < 20; i++) insert.run('row ' + i)
    })()
  }
  for (const _row of db.prepare('SELECT id FROM items').iterate()) {
    // Reading every row is the point.
  }
  db.close()
}

export function fill(path: string): void {
  const db = new Database(path)
  db.exec('CREATE TABLE IF NOT EXISTS blobs (b BLOB)')
  const insert = db.prepare('INSERT INTO blobs VALUES (zeroblob(4096))')
  db.transaction(() => {
    for (let i = 0; i < 50; i++) insert.run()
  })()
  db.close()
}

// fill(), by an app that caps its own database far above what it holds, each way SQLite takes the pragma.
export function fillCapped(path: string): void {
  const db = new Database(path)
  db.pragma('max_page_count = 1000000')
  db.exec('CREATE TABLE IF NOT EXISTS blobs (b BLOB); PRAGMA max_page_count = 1000000')
  db.prepare('PRAGMA max_page_count = 1000000').run()
  const insert = db.prepare('INSERT INTO blobs VALUES (zeroblob(4096))')
  db.transaction(() => {
    for (let i = 0; i < 50; i++) insert.run()
  })()
  db.close()
}

// Ten batches of five 4 KiB blobs, each through a connection of its own.
export function fillPerConnection(path: string): void {
  for (let batch = 0; batch < 10; batch++) {
    const db = new Database(path)
    db.exec('CREATE TABLE IF NOT EXISTS blobs (b BLOB)')
    db.transaction(() => {
      for (let i = 0; i < 5; i++) db.prepare('INSERT INTO blobs VALUES (zeroblob(4096))').run()
    })()
    db.close()
  }
}
`,
  // Each process that loads this module takes 100 ms longer to load than the one before it.
  'staggered.ts': `import { appendFileSync, readFileSync } from 'node:fs'

const log = new URL('./loaded.txt', import.meta.url)
appendFileSync(log, 'x')
const until = Date.now() + readFileSync(log, 'utf8').length * 100
while (Date.now() < until) {
  // Busy: loading is slow.
}

export function initDb(): void {}
`,
}

const FRESH_STATEMENTS = 26

function rows(path: string, table: string): number {
  // Read-write on purpose: opening a database a kill left with a hot journal rolls it back.
  const db = new Database(path)
  const count = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  db.close()
  return count
}

describe('start hooks', { timeout: 20_000 }, () => {
  test('statement counts are exact and stable across runs', async () => {
    await using pkg = await makeTestPackage(FILES)
    await using target = await prepareModuleTarget(
      { module: 'init-db.ts' },
      { rootDir: pkg.path, timeoutMs: 10_000 },
    )
    expect(target.hooks?.statements).toBe(true)
    const fresh = await Promise.all(
      [1, 2, 3].map((i) => target.start(pkg.file(`${i}.db`), { countStatements: true })),
    )
    expect(fresh.map((run) => run.statements)).toEqual([FRESH_STATEMENTS, FRESH_STATEMENTS, FRESH_STATEMENTS])
    // Second start on an initialised database: pragma, exec, get, iterate.
    expect((await target.start(pkg.file('1.db'), { countStatements: true })).statements).toBe(4)
    expect((await target.start(pkg.file('1.db'))).statements).toBeUndefined()
  })

  test.for([1, 2, 4, 13, 24, 25, 26])(
    'killAfterStatement %i leaves a consistent database that a second start completes',
    async (k) => {
      await using pkg = await makeTestPackage(FILES)
      const options = { rootDir: pkg.path, timeoutMs: 10_000 }
      await using target = await prepareModuleTarget({ module: 'init-db.ts' }, options)
      const db = pkg.file('app.db')
      const killed = await target.start(db, { killAfterStatement: k })
      expect(killed).toMatchObject({
        ok: false,
        signal: 'SIGKILL',
        timedOut: false,
        statements: k,
        error: `killed after statement ${k} (as asked)`,
      })
      // Statement 25 is the COMMIT: before it, SQLite rolls the transaction back; from it on, the rows stay.
      if (k >= 3) expect(rows(db, 'items')).toBe(k >= 25 ? 20 : 0)
      const again = await target.start(db)
      expect(again.ok).toBe(true)
      expect(rows(db, 'items')).toBe(20)
    },
  )

  test('killAfterStatement past the last statement lets the start complete', async () => {
    await using pkg = await makeTestPackage(FILES)
    await using target = await prepareModuleTarget(
      { module: 'init-db.ts' },
      { rootDir: pkg.path, timeoutMs: 10_000 },
    )
    const run = await target.start(pkg.file('app.db'), { killAfterStatement: FRESH_STATEMENTS + 1 })
    expect(run).toMatchObject({ ok: true, statements: FRESH_STATEMENTS })
  })

  test('maxPageCountGrowth fills the disk: the start fails cleanly and a start with room completes', async () => {
    await using pkg = await makeTestPackage(FILES)
    const spec = { module: 'init-db.ts', export: 'fill' }
    await using target = await prepareModuleTarget(spec, { rootDir: pkg.path, timeoutMs: 10_000 })
    const db = pkg.file('app.db')
    expect((await target.start(db)).ok).toBe(true)
    const full = await target.start(db, { maxPageCountGrowth: 5 })
    expect(full).toMatchObject({ ok: false, exitCode: 1, error: 'SqliteError: database or disk is full' })
    expect(rows(db, 'blobs')).toBe(50)
    expect((await target.start(db, { maxPageCountGrowth: 1000 })).ok).toBe(true)
    expect(rows(db, 'blobs')).toBe(100)
  })

  test('maxPageCountGrowth holds when the target sets a higher max_page_count of its own', async () => {
    await using pkg = await makeTestPackage(FILES)
    const spec = { module: 'init-db.ts', export: 'fillCapped' }
    await using target = await prepareModuleTarget(spec, { rootDir: pkg.path, timeoutMs: 10_000 })
    const db = pkg.file('app.db')
    const full = await target.start(db, { maxPageCountGrowth: 5 })
    expect(full).toMatchObject({ ok: false, error: 'SqliteError: database or disk is full' })
    expect(rows(db, 'blobs')).toBe(0)
    expect((await target.start(db, { maxPageCountGrowth: 1000 })).ok).toBe(true)
    expect(rows(db, 'blobs')).toBe(50)
  })

  test('maxPageCountGrowth caps the whole start, however many connections the target opens', async () => {
    await using pkg = await makeTestPackage(FILES)
    const spec = { module: 'init-db.ts', export: 'fillPerConnection' }
    await using target = await prepareModuleTarget(spec, { rootDir: pkg.path, timeoutMs: 10_000 })
    const db = pkg.file('app.db')
    // Each connection adds about 5 pages: a cap of 20 is reached by the fifth, whatever each one saw.
    const full = await target.start(db, { maxPageCountGrowth: 20 })
    expect(full).toMatchObject({ ok: false, error: 'SqliteError: database or disk is full' })
    expect(rows(db, 'blobs')).toBeLessThan(50)
  })

  test('startMany holds every child at a start line and releases them together', async () => {
    await using pkg = await makeTestPackage(FILES)
    await using target = await prepareModuleTarget(
      { module: 'staggered.ts' },
      { rootDir: pkg.path, timeoutMs: 10_000 },
    )
    expect(target.hooks).toEqual({ startLine: true, statements: false })
    const spread = (runs: { calledAt?: number }[]): number => {
      const times = runs.map((run) => run.calledAt ?? Number.NaN)
      return Math.max(...times) - Math.min(...times)
    }
    // Without the start line the staggered loading shows: the same starts spread over 200 ms and more.
    const apart = await Promise.all([1, 2, 3, 4].map(() => target.start(pkg.file('app.db'))))
    expect(spread(apart)).toBeGreaterThan(200)
    // With it they are called together: within a few ms on a quiet machine; the bound leaves room for a
    // loaded one, and stays well below the spread without the start line.
    const together = await target.startMany?.(pkg.file('app.db'), 4)
    // Four runs, each called: with none (or none timed) the spread below is -Infinity and proves nothing.
    expect(together).toHaveLength(4)
    expect(together?.every((run) => run.ok && run.calledAt !== undefined)).toBe(true)
    expect(spread(together ?? [])).toBeLessThan(Math.min(150, spread(apart) / 2))
  })

  test('hooks need a target that imports better-sqlite3', async () => {
    await using pkg = await makeTestPackage(FILES)
    await using target = await prepareModuleTarget(
      { module: 'staggered.ts' },
      { rootDir: pkg.path, timeoutMs: 10_000 },
    )
    const run = await target.start(pkg.file('app.db'), { countStatements: true, killAfterStatement: 1 })
    expect(run).toMatchObject({ ok: true })
    expect(run.statements).toBeUndefined()
  })
})
