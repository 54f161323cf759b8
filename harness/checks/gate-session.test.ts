import path from 'node:path'

import { describe, expect, test, vi } from 'vitest'

import { loadConfig } from '../config/load-config.ts'
import type { Snapshot } from '../snapshots/snapshot.ts'
import type { WorkingCopy } from '../snapshots/working-copy.ts'
import { GateSession } from './gate-session.ts'

// The second working copy of a snapshot (the pristine one) is made while the target upgrades the first:
// these tests make it fail then, as a temporary folder that fills up does. A plain function, not vi.fn:
// a spy observes the promises it returns, which would hide an unhandled rejection.
const copies = vi.hoisted(() => ({
  failAfter: Infinity,
  made: 0,
}))
vi.mock('../snapshots/working-copy.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../snapshots/working-copy.ts')>()
  return {
    ...actual,
    createWorkingCopy: (s: Snapshot | string): Promise<WorkingCopy> =>
      copies.made++ < copies.failAfter
        ? actual.createWorkingCopy(s)
        : Promise.reject(new Error('ENOSPC: no space left on device')),
  }
})

const ROOT = path.resolve(import.meta.dirname, '../..')

describe('a gate session whose working copies fail', { timeout: 60_000 }, () => {
  test('a pristine copy that fails while the target upgrades is an error of runSnapshot, not an unhandled rejection', async () => {
    const config = await loadConfig(undefined, ROOT)
    await using session = await GateSession.open(config, { snapshots: ['v0.9.5'], checks: ['starts'] })
    Object.assign(copies, { made: 0, failAfter: 1 })
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      await expect(session.runSnapshot(session.snapshots[0]!)).rejects.toThrow('ENOSPC')
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
    expect(copies.made).toBe(2)
    expect(unhandled).toEqual([])
  })
})
