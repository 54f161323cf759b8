import { cp, readdir, rename } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { dir } from 'tmp-promise'

import { describe, expect, test, vi } from 'vitest'

import { loadConfig } from '../config/load-config.ts'
import { ScratchSpaceError } from '../snapshots/scratch-space.ts'
import type { Snapshot } from '../snapshots/snapshot.ts'
import { SnapshotChangedError } from '../snapshots/unchanged-since-verified.ts'
import type { WorkingCopy } from '../snapshots/working-copy.ts'
import { makeTestPackage } from '../targets/test-package.ts'
import { GateSession } from './gate-session.ts'

// The second working copy of a snapshot (the pristine one) is made while the target upgrades the first:
// these tests make it fail then, as a temporary folder that fills up does. A plain function, not vi.fn:
// a spy observes the promises it returns, which would hide an unhandled rejection. And the free space
// of the temporary folder is what `room.freeBytes` says, when set.
// `beforeCopy`, when set, runs before each copy is made (given how many were made before it).
const copies = vi.hoisted(() => ({
  failAfter: Infinity,
  made: 0,
  beforeCopy: undefined as ((made: number) => Promise<void>) | undefined,
}))
const room = vi.hoisted(() => ({ freeBytes: undefined as number | undefined }))
vi.mock('../snapshots/working-copy.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../snapshots/working-copy.ts')>()
  return {
    ...actual,
    createWorkingCopy: async (s: Snapshot | string): Promise<WorkingCopy> => {
      const made = copies.made++
      await copies.beforeCopy?.(made)
      return made < copies.failAfter
        ? actual.createWorkingCopy(s)
        : Promise.reject(new Error('ENOSPC: no space left on device'))
    },
  }
})
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>()
  const statfs = (dir: string) => {
    const stats = actual.statfsSync(dir)
    return room.freeBytes === undefined ? stats : { ...stats, bsize: 1, bavail: room.freeBytes }
  }
  return { ...actual, default: { ...actual, statfsSync: statfs }, statfsSync: statfs }
})

const ROOT = path.resolve(import.meta.dirname, '../..')

// An application that caps its own database, so that its start fails with SQLITE_FULL whatever the disk.
const CAPPED_APP = {
  'capped.ts': `import Database from 'better-sqlite3'
export function initDb(path: string): void {
  const db = new Database(path)
  try {
    db.pragma('max_page_count = 1')
    db.exec('CREATE TABLE a (x); CREATE TABLE b (x); CREATE TABLE c (x)')
  } finally {
    db.close()
  }
}
`,
}

describe('a gate session whose temporary folder fails it', { timeout: 60_000 }, () => {
  test('a pristine copy that fails while the target upgrades is an error of runSnapshot, not an unhandled rejection', async () => {
    const config = await loadConfig(undefined, ROOT)
    await using session = await GateSession.open(config, { snapshots: ['v0.9.5'], checks: ['starts'] })
    Object.assign(copies, { made: 0, failAfter: 1 })
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      await expect(session.runSnapshot(session.snapshots[0]!)).rejects.toThrow('ENOSPC')
      expect(copies.made).toBe(2)
    } finally {
      process.off('unhandledRejection', onUnhandled)
      Object.assign(copies, { made: 0, failAfter: Infinity })
    }
    expect(unhandled).toEqual([])
  })

  test.for([
    ['a full temporary folder stops the run, naming it', 1024],
    ['with room to spare, the target failed starts itself', undefined],
  ] as const)('SQLITE_FULL at the first start: %s', async ([, freeBytes]) => {
    await using app = await makeTestPackage(CAPPED_APP)
    const config = await loadConfig(undefined, ROOT)
    await using session = await GateSession.open(config, {
      target: { module: app.file('capped.ts') },
      snapshots: ['v0.9.5'],
      checks: ['starts'],
    })
    room.freeBytes = freeBytes
    try {
      const running = session.runSnapshot(session.snapshots[0]!)
      if (freeBytes === undefined) {
        const [starts] = await running
        expect(starts).toMatchObject({
          status: 'fail',
          message: 'initDb failed: SqliteError: database or disk is full',
        })
      } else {
        const error: unknown = await running.then(
          () => undefined,
          (e: unknown) => e,
        )
        expect(error).toBeInstanceOf(ScratchSpaceError)
        expect((error as Error).message).toMatch(
          /^temporary folder .+ is full \(1 KiB free\) and the target's start on .+ failed there: SqliteError: database or disk is full; give it room/,
        )
      }
    } finally {
      room.freeBytes = undefined
    }
  })
})

describe('a gate session whose snapshot changes after its sha256 was checked', { timeout: 60_000 }, () => {
  /** This process's temporary folders still there. */
  const ours = async () =>
    (await readdir(os.tmpdir())).filter((f) => f.startsWith(`upgrade-harness-${process.pid}-`))

  /** Another release's database, put where the snapshot's was as `git checkout` puts a file: renamed in. */
  async function replaceByAnotherRelease(dbPath: string): Promise<void> {
    await cp(path.join(ROOT, 'snapshots/v1.0.0/db.sqlite'), dbPath + '.checkout')
    await rename(dbPath + '.checkout', dbPath)
  }

  // Copies of a snapshot: the one the target upgrades (0), the pristine one (1), then the checks' own.
  test.for([
    ['before the snapshot is copied', 'starts', 0],
    ['before a check copies it (concurrent-start)', 'concurrent-start', 2],
  ] as const)(
    '%s: the run stops, naming the file, and leaves nothing behind',
    async ([, check, changedAt]) => {
      const folder = await dir({ unsafeCleanup: true })
      try {
        const snapshots = path.join(folder.path, 'snapshots')
        await cp(path.join(ROOT, 'snapshots/v0.9.5'), path.join(snapshots, 'v0.9.5'), { recursive: true })
        const dbPath = path.join(snapshots, 'v0.9.5/db.sqlite')
        const config = { ...(await loadConfig(undefined, ROOT)), snapshots }
        const before = await ours()
        let outcome: unknown
        {
          await using session = await GateSession.open(config, { snapshots: ['v0.9.5'], checks: [check] })
          Object.assign(copies, {
            made: 0,
            beforeCopy: async (made: number) => {
              if (made === changedAt) await replaceByAnotherRelease(dbPath)
            },
          })
          try {
            // The results, had the run gone on with the file nobody verified.
            outcome = await session.runSnapshot(session.snapshots[0]!).catch((error: unknown) => error)
          } finally {
            Object.assign(copies, { made: 0, beforeCopy: undefined })
          }
        }
        expect(outcome).toBeInstanceOf(SnapshotChangedError)
        expect((outcome as Error).message).toBe(
          `snapshot "v0.9.5": ${dbPath} changed after its sha256 was checked (during this run): run again`,
        )
        expect(await ours()).toEqual(before)
      } finally {
        await folder.cleanup()
      }
    },
  )
})

// A rollback-journal application whose last migration script lacks its COMMIT, on a connection it never
// closes: the update spills pages into the file, and the process ends with a hot journal beside it.
// A command target: a module target that does this is stopped earlier, by its child's write-lock probe.
const UNCOMMITTED_APP = {
  'uncommitted.mjs': `import Database from 'better-sqlite3'
const db = new Database(process.argv[2])
db.pragma('journal_mode = DELETE')
db.pragma('cache_size = 2')
if (db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'notes'").get() === undefined) {
  db.exec('CREATE TABLE notes (content TEXT)')
} else {
  // Returns with the transaction open, its pages spilled into the file: a hot journal beside it.
  db.exec("BEGIN; UPDATE notes SET content = content || hex(randomblob(1500))")
}
// Ends as an app does that exits without closing: a natural exit would let better-sqlite3 close (and
// roll back) the connection.
process.exit(0)
`,
}

describe('a gate session whose target returns inside an open transaction', { timeout: 60_000 }, () => {
  test('starts fails, saying so, and the checks that need the upgrade are skipped', async () => {
    await using app = await makeTestPackage(UNCOMMITTED_APP)
    const config = await loadConfig(undefined, ROOT)
    await using session = await GateSession.open(config, {
      target: { command: [process.execPath, app.file('uncommitted.mjs'), '{db}'] },
      snapshots: ['v0.9.5'],
      checks: ['starts', 'data-preserved', 'idempotent'],
    })
    const results = await session.runSnapshot(session.snapshots[0]!)
    // Before: starts passed, data-preserved crashed ("attempt to write a readonly database") and the
    // second start met a copy without its journal ("database disk image is malformed").
    expect(results.map((r) => [r.check, r.status])).toEqual([
      ['starts', 'fail'],
      ['data-preserved', 'skip'],
      ['idempotent', 'skip'],
    ])
    expect(results[0]!.message).toBe(
      'initDb failed: returned, but left a transaction open: db.sqlite-journal is a hot rollback journal, ' +
        'so the next open rolls back what the start wrote; commit it and close the database before returning',
    )
  })
})
