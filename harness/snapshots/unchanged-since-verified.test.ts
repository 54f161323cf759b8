import { cp, mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { dir, type DirectoryResult } from 'tmp-promise'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { loadCatalogue } from './load-catalogue.ts'
import type { Snapshot } from './snapshot.ts'
import { SnapshotChangedError } from './unchanged-since-verified.ts'
import { verifySnapshot } from './verify-snapshot.ts'
import { createWorkingCopy } from './working-copy.ts'

const COMMITTED = path.resolve(import.meta.dirname, '../../snapshots')

let folder: DirectoryResult
let scratch: string
let savedTmp: string | undefined
/** A verified snapshot of its own (a copy of the committed v0.9.5), free to be changed. */
let snapshot: Snapshot

beforeEach(async () => {
  folder = await dir({ unsafeCleanup: true })
  // A temporary folder of its own, so that what a refused copy leaves behind can be seen.
  scratch = path.join(folder.path, 'scratch')
  await cp(path.join(COMMITTED, 'v0.9.5'), path.join(folder.path, 'snapshots/v0.9.5'), { recursive: true })
  const [loaded] = await loadCatalogue(path.join(folder.path, 'snapshots'))
  snapshot = await verifySnapshot(loaded!)
  await mkdir(scratch)
  savedTmp = process.env['TMPDIR']
  process.env['TMPDIR'] = scratch
})
afterEach(async () => {
  if (savedTmp === undefined) delete process.env['TMPDIR']
  else process.env['TMPDIR'] = savedTmp
  await folder.cleanup()
})

/** Another release's database, put where the snapshot's was as `git checkout` puts a file: renamed in. */
async function replaceByAnotherRelease(dbPath: string): Promise<void> {
  await cp(path.join(COMMITTED, 'v1.0.0/db.sqlite'), dbPath + '.checkout')
  await rename(dbPath + '.checkout', dbPath)
}

/** One byte of the file rewritten in place: same file, same size. */
async function rewriteOneByte(dbPath: string): Promise<void> {
  // Far enough from the hash for file systems that record times to a clock tick, not to the nanosecond.
  await sleep(20)
  const file = await open(dbPath, 'r+')
  try {
    const { buffer } = await file.read(Buffer.alloc(1), 0, 1, 200)
    await file.write(Buffer.from([buffer[0]! ^ 0xff]), 0, 1, 200)
  } finally {
    await file.close()
  }
}

describe('a working copy of a verified snapshot', () => {
  test('of the file that was hashed is its bytes, unchanged', async () => {
    await using copy = await createWorkingCopy(snapshot)
    expect((await readFile(copy.dbPath)).equals(await readFile(snapshot.dbPath))).toBe(true)
  })

  test.for([
    ['replaced by another file (a git checkout, a regenerate)', replaceByAnotherRelease, ' changed'],
    ['rewritten in place', rewriteOneByte, ' changed'],
    ['removed', (dbPath: string) => rm(dbPath), ' was removed'],
    [
      'given a write-ahead log',
      (dbPath: string) => writeFile(dbPath + '-wal', Buffer.alloc(4096, 1)),
      '-wal (a write-ahead log) appeared beside it',
    ],
  ] as const)('of a file %s since is refused, naming it, and leaves no folder', async ([, change, what]) => {
    await change(snapshot.dbPath)
    const making = createWorkingCopy(snapshot)
    await expect(making).rejects.toBeInstanceOf(SnapshotChangedError)
    await expect(making).rejects.toThrow(
      `snapshot "v0.9.5": ${snapshot.dbPath}${what} after its sha256 was checked (during this run): run again`,
    )
    expect(await readdir(scratch)).toEqual([])
  })
})
