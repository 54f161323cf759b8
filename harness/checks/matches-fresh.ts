import { diffSchemas } from '../diff/diff-schemas.ts'
import { count, summarize } from './summarize.ts'
import type { Check } from './types.ts'

/** `matches-fresh`: the upgraded schema equals what the same target builds on an empty database. */
export const matchesFreshCheck: Check = {
  name: 'matches-fresh',
  async run({ config, fresh, upgraded }) {
    if (!fresh.model)
      return { status: 'fail', message: `the target fails on an empty database: ${fresh.run.error}` }
    const diff = diffSchemas(fresh.model, upgraded.schema(), {
      expectedLabel: 'fresh',
      actualLabel: 'upgraded',
      strictColumnOrder: config.schema.strictColumnOrder,
      comparePageSize: config.schema.comparePageSize,
      ignore: config.schema.ignore,
    })
    if (diff.differences.length > 0) {
      return { status: 'fail', message: summarize(diff.differences.map((d) => d.message)), details: diff }
    }
    const accepted =
      diff.ignored.length > 0 ? ` (${count(diff.ignored.length, 'difference')} accepted by ignore rules)` : ''
    return { status: 'pass', message: `schema equals a fresh database's${accepted}`, details: diff }
  },
}
