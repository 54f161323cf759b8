import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { expect, test } from 'vitest'
import { readMigrationFiles } from './migration-files.ts'
import { tempDir } from './testing/temp-dir.ts'

test('reads the .sql files by name, skipping other files and hidden ones', async () => {
  await using tmp = await tempDir()
  const files: Record<string, string> = {
    '0010_later.sql': 'SELECT 10',
    '0002_earlier.sql': 'SELECT 2',
    'README.md': '# not a migration',
    '0003_draft.sql.bak': 'SELECT 3',
    // What macOS copies beside each file onto a foreign file system or into a tar archive.
    '._0002_earlier.sql': '\u0000\u0005\u0016\u0007Mac OS X',
    '.0001_hidden.sql': 'SELECT 1',
  }
  for (const [name, sql] of Object.entries(files)) writeFileSync(tmp.file(name), sql)
  const migrations = readMigrationFiles(pathToFileURL(`${tmp.path}/`))
  expect(migrations).toEqual([
    { name: '0002_earlier', sql: 'SELECT 2' },
    { name: '0010_later', sql: 'SELECT 10' },
  ])
})
