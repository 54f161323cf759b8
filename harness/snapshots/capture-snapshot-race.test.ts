import Database from 'better-sqlite3'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { describe, expect, test, vi } from 'vitest'
import { InputError } from '../errors.ts'
import { captureSnapshot } from './capture-snapshot.ts'

// `beforeRename` runs just before capture renames its staging folder into place: another capture of
// the same --name finishing right then, which two real runs meet only by chance.
const renameHook = vi.hoisted(() => ({
  beforeRename: undefined as ((to: string) => Promise<void>) | undefined,
}))
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  const rename = async (from: string, to: string) => {
    await renameHook.beforeRename?.(to)
    return actual.rename(from, to)
  }
  return { ...actual, rename, default: { ...actual, rename } }
})

describe('two captures of one --name at once', { timeout: 30_000 }, () => {
  test('the one that finishes second fails in one line saying the folder appeared, and leaves nothing of its own', async () => {
    const made = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-capture-race-' })
    try {
      const source = path.join(made.path, 'production.sqlite')
      const db = new Database(source)
      db.exec(
        `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hi');`,
      )
      db.close()
      const snapshots = path.join(made.path, 'snapshots')
      const target = path.join(snapshots, 'v1.0.0')
      // The other capture's snapshot, made between this capture's existence test and its rename.
      renameHook.beforeRename = async (to) => {
        if (to !== target) return
        await mkdir(target)
        await writeFile(path.join(target, 'manifest.json'), '{"the other":"capture"}')
      }
      const error = await captureSnapshot({ source, version: '1.0.0', dir: snapshots }).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(InputError)
      expect((error as Error).message).toBe(
        `${target}: appeared meanwhile (already exists); remove it or choose another --name`,
      )
      expect(await readdir(snapshots)).toEqual(['v1.0.0'])
      expect(await readdir(target)).toEqual(['manifest.json'])
    } finally {
      renameHook.beforeRename = undefined
      await made.cleanup()
    }
  })
})
