import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { dir } from 'tmp-promise'
import { describe, expect, test } from 'vitest'

import { appImageTag, findAppReleases } from './app-release.ts'

describe('findAppReleases', () => {
  test('finds each release with an initDb module, and current, and leaves schema-only folders out', async () => {
    const folder = await dir({ unsafeCleanup: true })
    try {
      for (const [name, files] of [
        ['v1.0.0-rc.1', ['init-db.ts']],
        ['v0.1.0', ['schema.sql']],
      ] as const) {
        await mkdir(path.join(folder.path, 'releases', name), { recursive: true })
        for (const file of files) await writeFile(path.join(folder.path, 'releases', name, file), '')
      }
      await writeFile(path.join(folder.path, 'init-db.ts'), '')
      expect(findAppReleases(folder.path)).toEqual([
        { version: '1.0.0-rc.1', entry: path.join(folder.path, 'releases', 'v1.0.0-rc.1', 'init-db.ts') },
        { version: 'current', entry: path.join(folder.path, 'init-db.ts') },
      ])
    } finally {
      await folder.cleanup()
    }
  })

  test('the reference app has the releases the container scenario runs', () => {
    const versions = findAppReleases().map((release) => release.version)
    expect(versions).toEqual(expect.arrayContaining(['1.0.0-rc.1', 'current']))
  })
})

test('images are tagged by version', () => {
  expect(appImageTag('1.0.0-rc.1')).toBe('upgrade-harness/app:1.0.0-rc.1')
})
