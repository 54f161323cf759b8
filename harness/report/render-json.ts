import type { RunReport } from './run-report.ts'

/**
 * The JSON report (a contract): `{ ok, target, results: [{ snapshot, check, status, ms, message }] }`,
 * plus `warnings`. Details stay out, so the output stays small and stable.
 */
export function renderJson(report: RunReport): string {
  const results = report.results.map(({ snapshot, check, status, ms, message }) => ({
    snapshot,
    check,
    status,
    ms: Math.round(ms),
    message,
  }))
  return (
    JSON.stringify({ ok: report.ok, target: report.target, results, warnings: report.warnings }, null, 2) +
    '\n'
  )
}
