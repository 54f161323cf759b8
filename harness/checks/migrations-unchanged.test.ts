import { createHash } from 'node:crypto'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { dir, type DirectoryResult } from 'tmp-promise'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { hashMigrations } from '../snapshots/write-snapshot.ts'
import { migrationsUnchangedCheck } from './migrations-unchanged.ts'
import type { CheckContext } from './types.ts'

const SHIPPED = 'CREATE TABLE notes (id INTEGER PRIMARY KEY);\nCREATE INDEX n ON notes(id);\n'
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

let folder: DirectoryResult

beforeEach(async () => {
  folder = await dir({ unsafeCleanup: true })
})
afterEach(() => folder.cleanup())

/** Runs the check on a folder holding `now` as 0001_notes.sql, against a manifest that recorded `shipped`. */
async function check(now: string, shipped = SHIPPED) {
  await writeFile(path.join(folder.path, '0001_notes.sql'), now)
  const context = {
    config: { migrations: folder.path },
    snapshot: { name: 'v1.0.0', manifest: { migrations: { '0001_notes.sql': sha256(shipped) } } },
  } as unknown as CheckContext
  return migrationsUnchangedCheck.run(context)
}

describe('migrations-unchanged', () => {
  test('passes the file as shipped', async () => {
    expect(await check(SHIPPED)).toMatchObject({
      status: 'pass',
      message: '1 migration files unchanged since v1.0.0',
    })
  })

  test('fails an edit, quoting both hashes', async () => {
    const outcome = await check(SHIPPED.replace('INDEX n', 'UNIQUE INDEX n'))
    expect(outcome.status).toBe('fail')
    expect(outcome.message).toMatch(
      /0001_notes\.sql: edited since v1\.0\.0 shipped it \(sha256 is \w{12}\.\.\./,
    )
  })

  test.for([
    ['CRLF now, LF shipped', SHIPPED.replaceAll('\n', '\r\n'), SHIPPED],
    ['LF now, CRLF shipped', SHIPPED, SHIPPED.replaceAll('\n', '\r\n')],
  ])('passes a file whose only change is its line endings (%s), naming it', async ([, now, shipped]) => {
    expect(await check(now as string, shipped as string)).toMatchObject({
      status: 'pass',
      message:
        '1 migration files unchanged since v1.0.0 (line endings only: 0001_notes.sql; SQLite reads both alike)',
    })
  })

  test('is skipped, saying why, without a migrations folder in the config', async () => {
    const context = {
      config: { migrations: undefined },
      snapshot: { name: 'v1.0.0', manifest: { migrations: { '0001_notes.sql': sha256(SHIPPED) } } },
    } as unknown as CheckContext
    expect(await migrationsUnchangedCheck.run(context)).toEqual({
      status: 'skip',
      message: 'skipped: no "migrations" folder in the config',
    })
  })

  test('fails an edit made together with a change of line endings', async () => {
    const outcome = await check(SHIPPED.replace('INDEX n', 'UNIQUE INDEX n').replaceAll('\n', '\r\n'))
    expect(outcome.status).toBe('fail')
  })

  test('fails naming the folder, once, when the configured migrations folder is not there', async () => {
    const missing = path.join(folder.path, 'migration')
    const context = {
      config: { migrations: missing },
      snapshot: {
        name: 'v1.0.0',
        manifest: { migrations: { '0001_notes.sql': sha256(SHIPPED), '0002_tags.sql': sha256(SHIPPED) } },
      },
    } as unknown as CheckContext
    expect(await migrationsUnchangedCheck.run(context)).toEqual({
      status: 'fail',
      message: `${path.relative(process.cwd(), missing)}: no such folder (the config's "migrations"), so none of the 2 migration files v1.0.0 shipped can be compared`,
    })
  })

  describe('a folder per migration (Prisma, diesel)', () => {
    const INIT = '20240101120000_init/migration.sql'

    /** Writes a release's migrations with a folder per migration; returns what its manifest records. */
    async function release(): Promise<Record<string, string>> {
      for (const sub of ['20240101120000_init', '20240201_tags']) await mkdir(path.join(folder.path, sub))
      await writeFile(path.join(folder.path, INIT), SHIPPED)
      await writeFile(path.join(folder.path, '20240201_tags/up.sql'), 'CREATE TABLE tags (id INTEGER);\n')
      return hashMigrations(folder.path)
    }
    const run = (migrations: Record<string, string>) =>
      migrationsUnchangedCheck.run({
        config: { migrations: folder.path },
        snapshot: { name: 'v1.0.0', manifest: { migrations } },
      } as unknown as CheckContext)

    test('passes the files as shipped, counting those in subfolders', async () => {
      expect(await run(await release())).toMatchObject({
        status: 'pass',
        message: '2 migration files unchanged since v1.0.0',
      })
    })

    test('fails an edit of a file in a subfolder, naming its path inside the folder', async () => {
      const recorded = await release()
      await writeFile(path.join(folder.path, INIT), SHIPPED.replace('INDEX n', 'UNIQUE INDEX n'))
      const outcome = await run(recorded)
      expect(outcome.status).toBe('fail')
      expect(outcome.message).toContain(`/${INIT}: edited since v1.0.0 shipped it (sha256 is `)
    })

    test('fails a file in a subfolder that was removed, naming its path inside the folder', async () => {
      const recorded = await release()
      await rm(path.join(folder.path, '20240101120000_init'), { recursive: true })
      expect((await run(recorded)).message).toContain(`/${INIT}: shipped in v1.0.0, now missing`)
    })
  })

  test('holds a checkout to no hidden file, whether the manifest recorded one or the folder now has one', async () => {
    await writeFile(path.join(folder.path, '.gitkeep'), '')
    const recorded = {
      '.DS_Store': sha256('finder'),
      'sub/.swp': sha256('vim'),
      '0001_notes.sql': sha256(SHIPPED),
    }
    await writeFile(path.join(folder.path, '0001_notes.sql'), SHIPPED)
    expect(
      await migrationsUnchangedCheck.run({
        config: { migrations: folder.path },
        snapshot: { name: 'v1.0.0', manifest: { migrations: recorded } },
      } as unknown as CheckContext),
    ).toMatchObject({ status: 'pass', message: '1 migration files unchanged since v1.0.0' })
  })
})
