import type { RunReport } from './run-report.ts'
import { withoutTerminalCodes } from './terminal-codes.ts'
import { matrixAxes, tally } from './tally.ts'
import { failureDetail } from './failure-detail.ts'

/** The JUnit XML report: one test suite per snapshot, one test case per check, the diff as failure body. */
export function renderJunit(report: RunReport): string {
  const t = tally(report.results)
  const { snapshots } = matrixAxes(report.results)
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="upgrade-harness" tests="${report.results.length}" failures="${t.failed}" skipped="${t.skipped}" time="${seconds(report.ms)}">`,
  ]
  for (const snapshot of snapshots) {
    const rows = report.results.filter((r) => r.snapshot === snapshot)
    const st = tally(rows)
    const time = rows.reduce((sum, r) => sum + r.ms, 0)
    lines.push(
      `  <testsuite name="${xml(`${snapshot} → ${report.target}`)}" tests="${rows.length}" failures="${st.failed}" skipped="${st.skipped}" time="${seconds(time)}">`,
    )
    for (const r of rows) {
      const open = `    <testcase classname="${xml(snapshot)}" name="${xml(r.check)}" time="${seconds(r.ms)}"`
      if (r.status === 'pass') lines.push(`${open}/>`)
      else if (r.status === 'skip')
        lines.push(`${open}>`, `      <skipped message="${xml(r.message)}"/>`, '    </testcase>')
      else {
        const body = [r.message, failureDetail(r)].filter(Boolean).join('\n\n')
        lines.push(
          `${open}>`,
          `      <failure message="${xml(r.message)}">${xml(body)}</failure>`,
          '    </testcase>',
        )
      }
    }
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return lines.join('\n') + '\n'
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3)
}

function xml(text: string): string {
  // XML 1.0 cannot carry most control characters, U+FFFE, U+FFFF or half a surrogate pair, even
  // escaped: drop them, and a target's terminal colours whole rather than leave `[31m` behind.
  const clean = withoutTerminalCodes(text).replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '',
  )
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
