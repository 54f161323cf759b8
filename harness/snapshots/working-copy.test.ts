import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { access, chmod, mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { dir, type DirectoryResult } from 'tmp-promise'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { copyDatabase } from './copy-database.ts'
import { ScratchSpaceError } from './scratch-space.ts'
import { ABANDONED_AFTER_MS } from './sweep-temp-folders.ts'
import { createEmptyWorkingCopy, createWorkingCopy } from './working-copy.ts'

let folder: DirectoryResult
let source: string

beforeEach(async () => {
  folder = await dir({ unsafeCleanup: true })
  source = path.join(folder.path, 'source.sqlite')
  const db = new Database(source)
  db.exec(`CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('kept');`)
  db.close()
})
afterEach(async () => {
  await chmod(source, 0o644).catch(() => {})
  await folder.cleanup()
})

const exists = (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  )

describe('working copies', () => {
  test('copy a read-only database into a writable file, leaving the source byte-identical', async () => {
    await chmod(source, 0o444)
    const original = await readFile(source)
    await using copy = await createWorkingCopy(source)
    const db = new Database(copy.dbPath)
    db.exec(`INSERT INTO notes VALUES ('added')`)
    expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(2)
    db.close()
    expect((await readFile(source)).equals(original)).toBe(true)
  })

  test('are removed on dispose, even when the body throws', async () => {
    let kept = ''
    const body = async (): Promise<void> => {
      await using copy = await createWorkingCopy(source)
      kept = copy.dir
      expect(await exists(copy.dbPath)).toBe(true)
      throw new Error('the check failed')
    }
    await expect(body()).rejects.toThrow('the check failed')
    expect(kept).not.toBe('')
    expect(await exists(kept)).toBe(false)
  })

  test('an empty working copy names a file that does not exist yet, in a folder that goes on dispose', async () => {
    let kept: string
    {
      await using copy = await createEmptyWorkingCopy()
      kept = copy.dir
      expect(await exists(copy.dir)).toBe(true)
      expect(await exists(copy.dbPath)).toBe(false)
      new Database(copy.dbPath).close()
    }
    expect(await exists(kept)).toBe(false)
  })

  test('a temporary folder that cannot take a folder is named, as the trouble of the harness', async () => {
    // Root writes through permissions, so the folder is a file: a TMPDIR that is no folder at all.
    const notAFolder = path.join(folder.path, 'not-a-folder')
    await writeFile(notAFolder, '')
    const saved = process.env['TMPDIR']
    process.env['TMPDIR'] = notAFolder
    try {
      const making = createWorkingCopy(source)
      await expect(making).rejects.toBeInstanceOf(ScratchSpaceError)
      await expect(making).rejects.toThrow(
        `temporary folder ${notAFolder}: making a folder failed: ENOTDIR: not a directory; it must be a writable folder (TMPDIR moves it)`,
      )
    } finally {
      if (saved === undefined) delete process.env['TMPDIR']
      else process.env['TMPDIR'] = saved
    }
  })

  test('the first working copy in a temporary folder sweeps the folders of runs killed outright', async () => {
    const scratch = path.join(folder.path, 'scratch')
    const dead = spawnSync('true').pid
    const leftover = path.join(scratch, `upgrade-harness-${dead}-Ab12Cd`)
    await mkdir(leftover, { recursive: true })
    await writeFile(path.join(leftover, 'db.sqlite'), 'a working copy of a large snapshot')
    const old = (Date.now() - ABANDONED_AFTER_MS - 60_000) / 1000
    await utimes(leftover, old, old)
    const saved = process.env['TMPDIR']
    process.env['TMPDIR'] = scratch
    try {
      await using copy = await createWorkingCopy(source)
      expect(await readdir(scratch)).toEqual([path.basename(copy.dir)])
    } finally {
      if (saved === undefined) delete process.env['TMPDIR']
      else process.env['TMPDIR'] = saved
    }
  })

  test('a copy of a missing file fails and leaves no folder behind', async () => {
    await expect(createWorkingCopy(path.join(folder.path, 'missing.sqlite'))).rejects.toThrow(/ENOENT/)
  })
})

describe('copyDatabase', () => {
  test('takes what is still only in the WAL, without checkpointing the source', async () => {
    const wal = path.join(folder.path, 'wal.sqlite')
    const writer = new Database(wal)
    writer.pragma('journal_mode = WAL')
    writer.pragma('wal_autocheckpoint = 0')
    writer.exec(`CREATE TABLE t (x); INSERT INTO t VALUES ('only in the wal')`)
    const to = path.join(folder.path, 'copy.sqlite')
    await copyDatabase(wal, to)
    expect(await exists(to + '-wal')).toBe(true)
    writer.close()
    const db = new Database(to, { readonly: true })
    expect(db.prepare('SELECT x FROM t').pluck().get()).toBe('only in the wal')
    db.close()
  })
})
