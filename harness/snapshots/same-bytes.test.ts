import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { sameBytes } from './same-bytes.ts'

let folder: { path: string; cleanup: () => Promise<void> }
const file = (name: string) => path.join(folder.path, name)
beforeAll(async () => {
  folder = await dir({ unsafeCleanup: true })
})
afterAll(() => folder.cleanup())

describe('sameBytes', () => {
  test.for([
    ['read whole', 3 << 20],
    ['read in chunks', 9 << 20],
  ])('%s: equal files, a differing byte past the first chunk, a different size', async ([, size]) => {
    const big = Buffer.alloc(size as number, 7)
    await writeFile(file('a'), big)
    await writeFile(file('b'), big)
    expect(await sameBytes(file('a'), file('b'))).toBe(true)
    const changed = Buffer.from(big)
    changed[big.length - 5] = 8
    await writeFile(file('c'), changed)
    expect(await sameBytes(file('a'), file('c'))).toBe(false)
    await writeFile(file('d'), big.subarray(1))
    expect(await sameBytes(file('a'), file('d'))).toBe(false)
  })

  test('a -wal with content on one side only is a difference; an empty one is none', async () => {
    await writeFile(file('e'), 'same')
    await writeFile(file('f'), 'same')
    await writeFile(file('f-wal'), '')
    expect(await sameBytes(file('e'), file('f'))).toBe(true)
    await writeFile(file('f-wal'), 'frames')
    expect(await sameBytes(file('e'), file('f'))).toBe(false)
  })
})
