import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { makeFolders, removeEmptyFolders } from './make-folders.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'uh-make-folders-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('makeFolders', () => {
  test('makes every missing level, and accepts a folder that is already there', async () => {
    expect(await makeFolders(path.join(dir, 'a/b/c'))).toBe(path.join(dir, 'a'))
    expect(await makeFolders(path.join(dir, 'a/b/c'))).toBeUndefined()
    expect((await stat(path.join(dir, 'a/b/c'))).isDirectory()).toBe(true)
  })

  test('rejects under a file, naming the level it could not make', async () => {
    await writeFile(path.join(dir, 'file'), '')
    await expect(makeFolders(path.join(dir, 'file/a/b'))).rejects.toThrow(/ENOTDIR|EEXIST/)
  })

  test('removeEmptyFolders undoes makeFolders up to the first folder it made, and keeps any that holds something', async () => {
    const top = await makeFolders(path.join(dir, 'a/b/c'))
    await writeFile(path.join(dir, 'a/kept'), '')
    removeEmptyFolders(path.join(dir, 'a/b/c'), top!)
    expect(await readdir(dir)).toEqual(['a'])
    expect(await readdir(path.join(dir, 'a'))).toEqual(['kept'])
    removeEmptyFolders(path.join(dir, 'gone'), dir) // nothing there: nothing to do, and no error
    expect(await readdir(dir)).toEqual(['a'])
  })
})
