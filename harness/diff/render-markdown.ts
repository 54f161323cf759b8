import { groupByObject, messageWithinObject } from './render-schema-diff.ts'
import type { SchemaDiff } from './types.ts'

/** Keeps a value from breaking a markdown table or turning into markup. */
function cell(text: string | undefined): string {
  if (text === undefined) return '—'
  return `\`${text.replaceAll('|', '\\|').replaceAll('`', "'")}\``
}

/**
 * The diff as markdown (for a pull-request comment or a job summary): one section per object with a
 * table of property, expected and actual values.
 */
export function renderSchemaDiffMarkdown(diff: SchemaDiff): string {
  const lines: string[] = []
  const count = diff.differences.length
  lines.push(
    count === 0
      ? `**Schemas match** (${diff.expectedLabel} vs ${diff.actualLabel}).`
      : `**Schemas differ** (${diff.expectedLabel} vs ${diff.actualLabel}): ${count} difference${count === 1 ? '' : 's'}`,
  )
  for (const [object, items] of groupByObject(diff.differences)) {
    lines.push(
      '',
      `### ${object}`,
      '',
      `| property | ${diff.expectedLabel} | ${diff.actualLabel} |`,
      '| --- | --- | --- |',
    )
    for (const item of items)
      lines.push(`| ${item.property} | ${cell(item.expected)} | ${cell(item.actual)} |`)
  }
  if (diff.ignored.length > 0) {
    lines.push('', '### Ignored', '')
    for (const { difference, rule } of diff.ignored)
      lines.push(`- ${difference.object}: ${messageWithinObject(difference)} (${rule.reason})`)
  }
  if (diff.unusedIgnores.length > 0) {
    lines.push('', '### Unused ignore rules', '')
    for (const rule of diff.unusedIgnores)
      lines.push(`- ${rule.object}${rule.property ? `: ${rule.property}` : ''} (${rule.reason})`)
  }
  return lines.join('\n')
}
