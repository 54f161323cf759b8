import type { RunReport } from './run-report.ts'
import { matrixAxes, tallyLine } from './tally.ts'
import { failureDetail } from './failure-detail.ts'

const MARK = { pass: '✅ pass', fail: '❌ fail', skip: '⏭️ skip' } as const

/** The markdown report: a matrix (a row per snapshot, a column per check), then each failure's diff. */
export function renderMarkdown(report: RunReport): string {
  const { snapshots, checks } = matrixAxes(report.results)
  const lines = [
    `### upgrade-harness: ${report.ok ? 'passed' : 'failed'}`,
    '',
    `Target \`${report.target}\`: ${tallyLine(report.results)}.`,
    '',
    `| snapshot | ${checks.join(' | ')} |`,
    `| --- | ${checks.map(() => '---').join(' | ')} |`,
  ]
  for (const snapshot of snapshots) {
    const cells = checks.map((check) => {
      const r = report.results.find((x) => x.snapshot === snapshot && x.check === check)
      return r ? MARK[r.status] : ''
    })
    lines.push(`| ${snapshot} | ${cells.join(' | ')} |`)
  }
  for (const f of report.results.filter((r) => r.status === 'fail')) {
    lines.push('', `#### ${f.snapshot} › ${f.check}`, '', escapeMarkdown(f.message))
    const detail = failureDetail(f)
    if (detail) lines.push('', '```', detail, '```')
  }
  for (const w of report.warnings) lines.push('', `> warning: ${escapeMarkdown(w)}`)
  return lines.join('\n') + '\n'
}

function escapeMarkdown(text: string): string {
  return text.replace(/([|<>])/g, '\\$1')
}
