import { describe, expect, test } from 'vitest'

import {
  LOW_SCRATCH_BYTES,
  scratchDir,
  scratchFreeBytes,
  scratchFull,
  scratchUnusable,
} from './scratch-space.ts'

describe('scratch space', () => {
  test('a write that found no room is the temporary folder\u2019s only when the folder is nearly full', () => {
    // This machine's temporary folder has room: SQLITE_FULL is then the target's own (its own page cap).
    expect(scratchFreeBytes()).toBeGreaterThan(LOW_SCRATCH_BYTES)
    expect(scratchFull('a start', 'SqliteError: database or disk is full')).toBeUndefined()
  })

  test('a copy refused for want of room names the folder and says it is full', () => {
    const error = Object.assign(new Error("ENOSPC: no space left on device, copyfile 'a' -> 'b'"), {
      code: 'ENOSPC',
    })
    expect(scratchUnusable('copying a into b', error).message).toMatch(
      new RegExp(
        `^temporary folder ${scratchDir()} is full( \\(\\d+ KiB free\\))? and copying a into b failed there: ` +
          'ENOSPC: no space left on device; give it room, or point TMPDIR at a folder that has some$',
      ),
    )
  })
})
