import { diffSchemas } from '../diff/diff-schemas.ts'
import type { DiffOptions, SchemaDiff } from '../diff/types.ts'
import type { SchemaModel } from '../inspect/model.ts'
import { count, summarize } from './summarize.ts'
import type { Check } from './types.ts'

/** `matches-fresh`: the upgraded schema equals what the same target builds on an empty database. */
export const matchesFreshCheck: Check = {
  name: 'matches-fresh',
  async run({ config, fresh, upgraded }) {
    if (!fresh.model)
      return { status: 'fail', message: `the target fails on an empty database: ${fresh.run.error}` }
    const options: DiffOptions = {
      expectedLabel: 'fresh',
      actualLabel: 'upgraded',
      strictColumnOrder: config.schema.strictColumnOrder,
      comparePageSize: config.schema.comparePageSize,
      ignore: config.schema.ignore,
    }
    // The same schema rows and settings make the same model: the upgraded copy needs no inspection.
    const diff =
      fresh.fingerprint === upgraded.fingerprint()
        ? diffWithItself(fresh.model, options)
        : diffSchemas(fresh.model, upgraded.schema(), options)
    if (diff.differences.length > 0) {
      return { status: 'fail', message: summarize(diff.differences.map((d) => d.message)), details: diff }
    }
    const accepted =
      diff.ignored.length > 0 ? ` (${count(diff.ignored.length, 'difference')} accepted by ignore rules)` : ''
    return { status: 'pass', message: `schema equals a fresh database's${accepted}`, details: diff }
  },
}

/** What diffing a model against an equal one gives, worked out once per model and options. */
const SAME_SCHEMA = new WeakMap<SchemaModel, { options: DiffOptions; diff: SchemaDiff }>()

function diffWithItself(model: SchemaModel, options: DiffOptions): SchemaDiff {
  const known = SAME_SCHEMA.get(model)
  if (known && JSON.stringify(known.options) === JSON.stringify(options)) return known.diff
  const diff = diffSchemas(model, model, options)
  SAME_SCHEMA.set(model, { options, diff })
  return diff
}
