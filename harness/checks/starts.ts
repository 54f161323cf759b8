import type { Check } from './types.ts'

/** `starts`: the target's initDb succeeds on a copy of the snapshot. */
export const startsCheck: Check = {
  name: 'starts',
  // It reports the first start itself, so it never waits on one.
  needsStart: false,
  async run({ upgraded }) {
    const { run } = upgraded
    if (run.ok) return { status: 'pass', message: `started in ${Math.round(run.ms)} ms`, details: { run } }
    return { status: 'fail', message: `initDb failed: ${run.error ?? 'unknown error'}`, details: { run } }
  },
}
