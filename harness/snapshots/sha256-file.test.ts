import { createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { expect, test } from 'vitest'
import { sha256File } from './sha256-file.ts'

test.for([
  ['hashed in one piece', 100],
  ['hashed in one piece, at the limit', 8 << 20],
  ['streamed', (8 << 20) + 1],
])('%s: the sha256 of the bytes', async ([, size]) => {
  const folder = await dir({ unsafeCleanup: true })
  try {
    const bytes = Buffer.alloc(size as number, 7)
    bytes[bytes.length - 1] = 1
    const file = path.join(folder.path, 'db.sqlite')
    await writeFile(file, bytes)
    expect(await sha256File(file)).toBe(createHash('sha256').update(bytes).digest('hex'))
  } finally {
    await folder.cleanup()
  }
})
