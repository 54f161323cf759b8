import type { RunReport } from './run-report.ts'
import { count } from '../checks/summarize.ts'
import { failureDetail } from './failure-detail.ts'
import { matrixAxes, tallyLine } from './tally.ts'
import { withoutTerminalCodes } from './terminal-codes.ts'

/** How the text report and progress lines mark each status. */
export const STATUS_MARK = { pass: 'pass', fail: 'FAIL', skip: 'skip' } as const

/** Options of {@link renderText}. */
export interface TextOptions {
  /** The terminal's width in columns, when the report is shown on one. Default: none (no limit). */
  width?: number
}

/**
 * The text report: a matrix with a row per snapshot and a column per check, then every failure with its
 * message, then the closing tally line. A matrix wider than `width` would wrap every row over several
 * lines and lose its columns, so a narrow terminal gets a line per snapshot naming what did not pass.
 */
export function renderText(report: RunReport, options: TextOptions = {}): string {
  const { snapshots, checks } = matrixAxes(report.results)
  const firstWidth = Math.max(8, ...snapshots.map((s) => s.length)) + 2
  const widths = checks.map((c) => Math.max(c.length, 4) + 2)
  const lines = [`upgrade-harness: ${report.target}, ${count(snapshots.length, 'snapshot')}`, '']
  const matrixWidth = firstWidth + widths.reduce((a, b) => a + b, 0) - 2
  if (options.width !== undefined && matrixWidth > options.width) {
    for (const snapshot of snapshots) lines.push(snapshot.padEnd(firstWidth) + outcomeOf(report, snapshot))
  } else {
    lines.push(
      'snapshot'.padEnd(firstWidth) +
        checks
          .map((c, i) => c.padEnd(widths[i]!))
          .join('')
          .trimEnd(),
    )
    for (const snapshot of snapshots) {
      const cells = checks.map((check, i) => {
        const r = report.results.find((x) => x.snapshot === snapshot && x.check === check)
        return (r ? STATUS_MARK[r.status] : '-').padEnd(widths[i]!)
      })
      lines.push(snapshot.padEnd(firstWidth) + cells.join('').trimEnd())
    }
  }
  const failures = report.results.filter((r) => r.status === 'fail')
  if (failures.length > 0) {
    lines.push('', 'Failures:')
    for (const f of failures) {
      lines.push(`  ${f.snapshot} › ${f.check}: ${oneLine(f.message)}`)
      const detail = failureDetail(f)
      if (detail)
        lines.push(
          ...printable(detail)
            .split('\n')
            .map((line) => `      ${line}`),
        )
    }
  }
  const skips = report.results.filter(
    (r) => r.status === 'skip' && !r.message.startsWith('skipped: the target did not start'),
  )
  if (skips.length > 0) {
    lines.push('', 'Skipped:')
    for (const s of skips) lines.push(`  ${s.snapshot} › ${s.check}: ${oneLine(s.message)}`)
  }
  for (const w of report.warnings) lines.push('', `warning: ${oneLine(w)}`)
  lines.push('', `${tallyLine(report.results)} (${(report.ms / 1000).toFixed(1)} s)`)
  return lines.join('\n') + '\n'
}

/** A snapshot's results in a few words: `FAIL matches-fresh, history; 10 pass`, or `all 12 pass`. */
function outcomeOf(report: RunReport, snapshot: string): string {
  const results = report.results.filter((r) => r.snapshot === snapshot)
  const named = (status: 'fail' | 'skip'): string[] =>
    results.filter((r) => r.status === status).map((r) => r.check)
  const [failed, skipped] = [named('fail'), named('skip')]
  const passed = results.length - failed.length - skipped.length
  if (passed === results.length) return passed === 1 ? 'pass' : `all ${passed} pass`
  return [
    failed.length > 0 ? `${STATUS_MARK.fail} ${failed.join(', ')}` : '',
    skipped.length > 0 ? `${STATUS_MARK.skip} ${skipped.join(', ')}` : '',
    passed > 0 ? `${passed} pass` : '',
  ]
    .filter(Boolean)
    .join('; ')
}

/**
 * Target output as a terminal shows it without being driven by it: a carriage return (a progress line)
 * would send the cursor back over the snapshot and check names, and cursor or clear-screen sequences
 * would move or wipe the matrix, so CR becomes a line break and control sequences go.
 */
function printable(text: string): string {
  return (
    withoutTerminalCodes(text)
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
  )
}

/** A message on the one line it is reported on. */
function oneLine(text: string): string {
  return printable(text).replace(/\s*\n\s*/g, ' ')
}
