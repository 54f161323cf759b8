import type { Measurement } from './measurement.ts'

/** The results as a fixed-width table: one row per measurement, medians with their spread. */
export function renderTable(measurements: readonly Measurement[]): string {
  const rows = measurements.map((m) => [
    m.group,
    m.name,
    format(m.stats.median, m.unit),
    m.stats.n > 1
      ? `${format(m.stats.min, m.unit)} .. ${format(m.stats.max, m.unit)} (n=${m.stats.n})`
      : m.note?.startsWith('skipped')
        ? m.note
        : '',
    m.goal ?? '',
    m.met === null ? '' : m.met ? 'met' : 'NOT MET',
  ])
  const header = ['group', 'measurement', 'median', 'min .. max', 'goal', '']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

/** A value with its unit, rounded for reading. */
export function format(value: number, unit: Measurement['unit']): string {
  if (Number.isNaN(value)) return '-'
  if (unit === 'x') return `${value.toFixed(2)}x`
  if (unit === 'MiB') return `${value.toFixed(0)} MiB`
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`
}
