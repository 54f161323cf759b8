import { sameBytes } from '../snapshots/same-bytes.ts'
import { createWorkingCopy } from '../snapshots/working-copy.ts'
import { compareStates } from './compare-states.ts'
import { summarize } from './summarize.ts'
import type { Check } from './types.ts'

/** `idempotent`: a second start on the upgraded database succeeds and changes nothing. */
export const idempotentCheck: Check = {
  name: 'idempotent',
  async run({ config, target, upgraded }) {
    await using second = await createWorkingCopy(upgraded.dbPath)
    const run = await target.start(second.dbPath)
    if (!run.ok) return { status: 'fail', message: `second start failed: ${run.error}`, details: { run } }
    // Not a byte changed: nothing to compare row by row (on a 1 GiB database, a fraction of a second
    // instead of many). Any change in the bytes, even a harmless one, gets the full logical comparison.
    if (await sameBytes(upgraded.dbPath, second.dbPath)) {
      return {
        status: 'pass',
        message: 'a second start succeeded and left the file byte-identical',
        details: { run },
      }
    }
    const { problems, details } = compareStates(config, upgraded, second.dbPath, {
      expected: 'after first start',
      actual: 'after second start',
    })
    if (problems.length > 0) {
      return { status: 'fail', message: `second start changed the database: ${summarize(problems)}`, details }
    }
    return { status: 'pass', message: 'a second start succeeded and changed nothing', details }
  },
}
