import type { OnReturn, TargetRun } from '../target.ts'
import { lastLine } from './bounded-output.ts'
import type { ChildExit } from './spawn-child.ts'

/** What the child's own report adds to its exit, when it has a channel. */
export interface ChildReport {
  /** The target's own error, one line (`SqliteError: no such column: token_hash`). */
  error?: string
  /** The target's function returned: success is not judged from the exit status alone. */
  returned?: boolean
  statements?: number
  /** The child killed itself after this statement, as asked. */
  killedAfterStatement?: number
  startCostMs?: number
  calledAt?: number
  onReturn?: OnReturn
}

/**
 * Turn a child's exit into a {@link TargetRun}. The error is one line, the most specific one there is:
 * the target's own error, then a timeout or kill, then a signal or exit status. A timeout, a signal and
 * an exit status quote the last line the target printed (stderr first, as a traceback's last line is the
 * error itself; for a start that hung, what it was waiting for).
 */
export function toTargetRun(exit: ChildExit, timeoutMs: number, report?: ChildReport): TargetRun {
  const said = lastLine(exit.stderr) || lastLine(exit.stdout)
  const quote = said ? `: ${said}` : ''
  let error: string | undefined
  if (report?.error) error = report.error
  else if (report?.killedAfterStatement !== undefined && exit.signal === 'SIGKILL') {
    error = `killed after statement ${report.killedAfterStatement} (as asked)`
  } else if (exit.timedOut) error = `timed out after ${timeoutMs} ms (killed)${quote}`
  else if (exit.killed) error = `killed after ${Math.round(exit.ms)} ms (as asked)`
  else if (exit.spawnError) error = `could not start: ${exit.spawnError}`
  else if (exit.signal) error = `killed by ${exit.signal}${quote}`
  else if (exit.exitCode !== 0) error = `exited with status ${exit.exitCode}${quote}`
  else if (report && !report.returned)
    error = `exited with status 0 before the target's function returned${quote}`
  const run: TargetRun = {
    ok: error === undefined,
    ms: exit.ms,
    exitCode: exit.exitCode,
    signal: exit.signal,
    timedOut: exit.timedOut,
    stdout: exit.stdout,
    stderr: exit.stderr,
  }
  if (error !== undefined) run.error = error
  if (report?.statements !== undefined) run.statements = report.statements
  if (report?.startCostMs !== undefined) run.startCostMs = report.startCostMs
  if (report?.calledAt !== undefined) run.calledAt = report.calledAt
  if (report?.onReturn !== undefined) run.onReturn = report.onReturn
  return run
}

/** Read a module child's messages into a {@link ChildReport}. */
export function readReport(exit: ChildExit): ChildReport {
  const report: ChildReport = {}
  for (const message of exit.messages) {
    if (message.t === 'called') {
      report.calledAt = message.at
      report.startCostMs = message.at - exit.spawnedAt
    } else if (message.t === 'done') {
      report.returned = true
      if (message.statements !== undefined) report.statements = message.statements
      if (message.onReturn !== undefined) report.onReturn = message.onReturn
    } else if (message.t === 'killing') {
      report.killedAfterStatement = message.statements
      report.statements = message.statements
    } else if (message.t === 'error') {
      report.error = message.error
      if (message.statements !== undefined) report.statements = message.statements
    }
  }
  return report
}
