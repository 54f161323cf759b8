import type { StartOptions, Target, TargetRun } from '../targets/target.ts'

/** Kill moments tried for targets without statement hooks, spread over the measured upgrade. */
export const BLACK_BOX_KILL_POINTS = 8

/** One way to interrupt a start: the options that do it and how reports name it. */
export interface InterruptionPoint {
  label: string
  options: StartOptions
}

/** Where to interrupt, or why the points could not be worked out. */
export type InterruptionPlan =
  { points: InterruptionPoint[]; total: number; unit: 'statement' | 'moment' } | { error: string }

/** Makes a working copy that is disposed after use. */
type CopyMaker = () => Promise<{ dbPath: string } & AsyncDisposable>

/**
 * Where to interrupt the target: after each statement k = 1..S when it runs better-sqlite3 under the
 * harness's hooks (S counted on an uninterrupted start of a copy of the snapshot) and those statements
 * are the whole upgrade, else at evenly spread moments between the time a start takes to do nothing
 * (measured on a copy of the upgraded database: interpreter start-up, opening the file, reading the
 * history) and the time the upgrade took. `upgradeDone` tells whether a database file is already where
 * the uninterrupted start left it.
 */
export async function interruptionPoints(
  target: Target,
  snapshotCopy: CopyMaker,
  upgradedCopy: CopyMaker,
  uninterrupted: TargetRun,
  upgradeDone: (dbPath: string) => boolean,
): Promise<InterruptionPlan> {
  if (target.hooks?.statements) {
    await using copy = await snapshotCopy()
    const counted = await target.start(copy.dbPath, { countStatements: true })
    if (!counted.ok) return { error: `the start that counts statements failed: ${counted.error}` }
    const total = counted.statements ?? 0
    // None counted, or the upgrade not yet done once the last one has run: (some of) the upgrade's
    // statements ran where the hooks cannot see them (a worker thread, another driver, a file renamed
    // into place), so killing between the counted ones would not interrupt it. It is interrupted at
    // moments, as a black box is.
    if (total > 0 && (await doneAfterStatement(target, snapshotCopy, total, upgradeDone))) {
      const points = Array.from({ length: total }, (_, i) => ({
        label: `statement ${i + 1}`,
        options: { killAfterStatement: i + 1 },
      }))
      return { points, total, unit: 'statement' }
    }
  }
  await using copy = await upgradedCopy()
  const idle = await target.start(copy.dbPath)
  const from = idle.ok && idle.ms < uninterrupted.ms ? idle.ms * 0.8 : 0
  const points = Array.from({ length: BLACK_BOX_KILL_POINTS }, (_, i) => {
    const ms = Math.max(
      1,
      Math.round(from + ((uninterrupted.ms - from) * (i + 1)) / (BLACK_BOX_KILL_POINTS + 1)),
    )
    return { label: `${ms} ms`, options: { killAfterMs: ms } }
  })
  return { points, total: BLACK_BOX_KILL_POINTS, unit: 'moment' }
}

/** Whether a start killed right after its `last` statement has already done the whole upgrade. */
async function doneAfterStatement(
  target: Target,
  snapshotCopy: CopyMaker,
  last: number,
  upgradeDone: (dbPath: string) => boolean,
): Promise<boolean> {
  await using copy = await snapshotCopy()
  await target.start(copy.dbPath, { killAfterStatement: last })
  try {
    return upgradeDone(copy.dbPath)
  } catch {
    // Unreadable as it was left (a hot journal a read-only connection cannot roll back): not done.
    return false
  }
}
