import { escapeControlCharacters } from '../data/sql-text.ts'
import type { SchemaDiff, SchemaDifference } from './types.ts'

/** Differences grouped by object, in first-seen order. */
export function groupByObject(differences: readonly SchemaDifference[]): Map<string, SchemaDifference[]> {
  const groups = new Map<string, SchemaDifference[]>()
  for (const d of differences) groups.set(d.object, [...(groups.get(d.object) ?? []), d])
  return groups
}

/** A difference's message without its leading `object: `, for display under the object's heading. */
export function messageWithinObject(difference: SchemaDifference): string {
  const prefix = `${difference.object}: `
  return difference.message.startsWith(prefix) ? difference.message.slice(prefix.length) : difference.message
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/**
 * The diff as plain text: a summary line, then each object with its differences indented, then the
 * ignored differences and the unused ignore rules. Ends with a newline. Control characters (in a name,
 * a label or a literal) are spelled out, so that none drives the terminal or splits a line.
 */
export function renderSchemaDiffText(diff: SchemaDiff): string {
  const sides = `${diff.expectedLabel} vs ${diff.actualLabel}`
  const lines: string[] = []
  if (diff.differences.length === 0) lines.push(`Schemas match (${sides}).`)
  else lines.push(`Schemas differ (${sides}): ${plural(diff.differences.length, 'difference')}`)
  for (const [object, items] of groupByObject(diff.differences)) {
    lines.push(`  ${object}`)
    for (const item of items) lines.push(`    ${messageWithinObject(item)}`)
  }
  if (diff.ignored.length > 0) {
    lines.push(`Ignored (${diff.ignored.length}):`)
    for (const { difference, rule } of diff.ignored) lines.push(`  ${difference.message} [${rule.reason}]`)
  }
  if (diff.unusedIgnores.length > 0) {
    lines.push(`Unused ignore rules (${diff.unusedIgnores.length}):`)
    for (const rule of diff.unusedIgnores) {
      lines.push(`  ${rule.object}${rule.property ? `: ${rule.property}` : ''} [${rule.reason}]`)
    }
  }
  return `${lines.map(escapeControlCharacters).join('\n')}\n`
}

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
