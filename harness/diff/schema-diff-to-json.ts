import type { SchemaDiff } from './types.ts'

/** The diff as a plain, JSON-safe object (`same` says whether nothing differs), for `--json` output. */
export function schemaDiffToJson(diff: SchemaDiff): {
  same: boolean
  expectedLabel: string
  actualLabel: string
  differences: SchemaDiff['differences']
  ignored: SchemaDiff['ignored']
  unusedIgnores: SchemaDiff['unusedIgnores']
} {
  // A structured clone drops undefined fields, so JSON.stringify and deep equality agree.
  return JSON.parse(
    JSON.stringify({
      same: diff.differences.length === 0,
      expectedLabel: diff.expectedLabel,
      actualLabel: diff.actualLabel,
      differences: diff.differences,
      ignored: diff.ignored,
      unusedIgnores: diff.unusedIgnores,
    }),
  )
}
