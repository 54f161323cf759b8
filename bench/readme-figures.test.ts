import { readFileSync } from 'node:fs'

import { describe, expect, test } from 'vitest'

import type { Measurement } from './measurement.ts'
import { renderTable } from './render-table.ts'
import { GROUPS, type BenchResults } from './results-file.ts'

const read = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8')
const results = JSON.parse(read('./results.json')) as BenchResults
const measurements: Measurement[] = GROUPS.flatMap((group) => results.groups[group]?.measurements ?? [])

/** Every way the READMEs write a median of results.json: as the table does, rounded, or in seconds. */
function writtenForms(m: Measurement): string[] {
  const value = m.stats.median
  if (m.unit === 'x') return [value.toFixed(2)]
  if (m.unit === 'MiB') return [value.toFixed(0)]
  return [
    value >= 100 ? String(Math.round(value)) : value.toFixed(1),
    String(Math.round(value)),
    (value / 1000).toFixed(1),
    (value / 1000).toFixed(2),
  ]
}

/** The lines of a markdown section, from its heading to the next heading of its level or above. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n')
  const start = lines.indexOf(heading)
  expect(start, `heading "${heading}"`).toBeGreaterThanOrEqual(0)
  const level = heading.indexOf(' ')
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(' ') <= level)
  return lines.slice(start, end < 0 ? undefined : end).join('\n')
}

describe('the READMEs quote bench/results.json as it is', () => {
  test("bench/README.md's latest figures are the table of results.json", () => {
    const latest = section(read('./README.md'), '## Latest figures')
    const block = /```\n(group {2}[\s\S]*?)\n```/.exec(latest)?.[1]
    expect(block, 'a fenced table under "## Latest figures"').toBeDefined()
    expect(block).toBe(renderTable(measurements))
  })

  test("every figure in README.md's performance table is a median in results.json", () => {
    const table = section(read('../README.md'), '## Performance')
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| what') && !l.startsWith('| ---'))
    expect(table.length, 'rows in the performance table').toBeGreaterThan(5)
    const known = new Set(measurements.flatMap(writtenForms))
    const unknown: string[] = []
    for (const row of table) {
      const [what = '', measured = ''] = row.split('|').slice(1, 3)
      // Figures with a unit, in either column; in the measured one also bare decimals (cores busy).
      const figures = [
        ...`${what}|${measured}`.matchAll(/(\d+(?:\.\d+)?) ?(?:ms|s|MiB|×)(?!\w)/g),
        ...measured.matchAll(/(\d+\.\d+)(?![\d.]| ?(?:ms|s|MiB|×)(?!\w))/g),
      ]
      for (const [, figure] of figures) if (!known.has(figure!)) unknown.push(`${figure} in "${row.trim()}"`)
    }
    expect(unknown, 'figures that no median in bench/results.json reads as').toEqual([])
  })
})
