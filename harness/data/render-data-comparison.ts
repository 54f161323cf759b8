import type { DataComparison, TableComparison } from './types.ts'

/**
 * A data comparison as text, one line per table that is not simply the same:
 * `table notes: 3 of 24 rows lost or changed, e.g. (id=7, slug='héllo', ...)`.
 * Tables that differ come first, then allowed losses, then skipped tables; a summary line ends it.
 */
export function renderDataComparison(c: DataComparison): string {
  // Problems first: callers show the first line as the check's message.
  const rank = (t: TableComparison): number => (t.status === 'allowed' ? 1 : t.status === 'skipped' ? 2 : 0)
  const lines = [...c.tables].sort((a, b) => rank(a) - rank(b)).flatMap((t) => describe(t, c))
  const problems = c.tables.filter(tableDiffers)
  lines.push(
    problems.length === 0
      ? `data: every compared row of ${c.beforeLabel} is in ${c.afterLabel} (${c.tables.length} tables)`
      : `data: ${problems.length} of ${c.tables.length} tables differ between ${c.beforeLabel} and ${c.afterLabel}`,
  )
  return lines.join('\n')
}

/** Whether a table's outcome is a difference (not the same, not an allowed loss, not skipped). */
export function tableDiffers(t: TableComparison): boolean {
  return t.status === 'differs' || t.status === 'dropped' || t.status === 'added'
}

function describe(t: TableComparison, c: DataComparison): string[] {
  const e = (samples: string[]): string => (samples.length > 0 ? `, e.g. ${samples.join(', ')}` : '')
  switch (t.status) {
    case 'same':
      return []
    case 'skipped':
      return [`table ${t.table}: skipped (${t.reason ?? 'not compared'})`]
    case 'dropped':
      return [`table ${t.table}: missing in ${c.afterLabel}, ${t.lost} rows lost${e(t.lostSamples)}`]
    case 'added':
      return [`table ${t.table}: only in ${c.afterLabel}, with ${t.added} rows`]
    case 'allowed':
      return [
        `table ${t.table}: ${t.lost} of ${t.beforeRows ?? 0} rows lost or changed (${t.reason ?? 'allowed'})`,
      ]
    case 'differs': {
      const lines: string[] = []
      if (t.lost > 0)
        lines.push(
          `table ${t.table}: ${t.lost} of ${t.beforeRows ?? 0} rows lost or changed${e(t.lostSamples)}`,
        )
      if (t.added > 0) {
        lines.push(
          `table ${t.table}: ${t.added} of ${t.afterRows ?? 0} rows in ${c.afterLabel} are new or changed${e(t.addedSamples)}`,
        )
      }
      return lines
    }
  }
}
