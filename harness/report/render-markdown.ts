import type { RunReport } from './run-report.ts'
import { matrixAxes, tallyLine } from './tally.ts'
import { failureDetail } from './failure-detail.ts'
import { withoutTerminalCodes } from './terminal-codes.ts'

const MARK = { pass: '✅ pass', fail: '❌ fail', skip: '⏭️ skip' } as const

/** The markdown report: a matrix (a row per snapshot, a column per check), then each failure's diff. */
export function renderMarkdown(report: RunReport): string {
  const { snapshots, checks } = matrixAxes(report.results)
  const lines = [
    `### upgrade-harness: ${report.ok ? 'passed' : 'failed'}`,
    '',
    `Target ${codeSpan(report.target)}: ${tallyLine(report.results)}.`,
    '',
    `| snapshot | ${checks.join(' | ')} |`,
    `| --- | ${checks.map(() => '---').join(' | ')} |`,
  ]
  for (const snapshot of snapshots) {
    const cells = checks.map((check) => {
      const r = report.results.find((x) => x.snapshot === snapshot && x.check === check)
      return r ? MARK[r.status] : ''
    })
    lines.push(`| ${escapeMarkdown(snapshot)} | ${cells.join(' | ')} |`)
  }
  for (const f of report.results.filter((r) => r.status === 'fail')) {
    lines.push('', `#### ${escapeMarkdown(f.snapshot)} › ${f.check}`, '', escapeMarkdown(f.message))
    const detail = failureDetail(f)
    if (detail) {
      // A fence longer than any run of backticks inside, so that target output cannot close it.
      const plain = withoutTerminalCodes(detail)
      const fence = '`'.repeat(Math.max(3, longestBacktickRun(plain) + 1))
      lines.push('', fence, plain, fence)
    }
  }
  for (const w of report.warnings) lines.push('', `> warning: ${escapeMarkdown(w)}`)
  return lines.join('\n') + '\n'
}

/** Text that reads as itself in a table cell, a heading or a paragraph. */
function escapeMarkdown(text: string): string {
  return (
    withoutTerminalCodes(text)
      .replace(/&/g, '&amp;')
      // Emphasis, strike-through and link brackets too: SQL (`price * qty`) and names (`__init__`) are
      // quoted, not styled. An underscore inside a word (`token_hash`) never starts emphasis: left as is.
      .replace(/([|<>`\\*~[\]])/g, '\\$1')
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
      // A lone CR ends a line in markdown as LF does: `10%\r# x` would otherwise start a heading. Joined
      // first, so that no line break or indentation is left before a `#` that would make one.
      .replace(/\s*[\r\n]\s*/g, ' ')
      .trim()
      .replace(/^#/, '\\#')
  )
}

/** `text` as inline code, delimited by more backticks than it holds in a row. */
function codeSpan(text: string): string {
  // Lines are split before code spans are read: a line break inside one would end the paragraph.
  text = text.replace(/\s*[\r\n]\s*/g, ' ')
  const run = longestBacktickRun(text)
  const ticks = '`'.repeat(run + 1)
  return run === 0 ? `${ticks}${text}${ticks}` : `${ticks} ${text} ${ticks}`
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
}
