import type { StartOptions, Target, TargetRun } from '../targets/target.ts'

/** Kill moments tried for targets without statement hooks, spread over the measured duration. */
export const BLACK_BOX_KILL_POINTS = 8

/** One way to interrupt a start: the options that do it and how reports name it. */
export interface InterruptionPoint {
  label: string
  options: StartOptions
}

/**
 * Where to interrupt the target: after each statement k = 1..S when it runs better-sqlite3 under the
 * harness's hooks (S counted on an uninterrupted start), else at evenly spread moments.
 */
export async function interruptionPoints(
  target: Target,
  countOn: () => Promise<{ dbPath: string } & AsyncDisposable>,
  uninterrupted: TargetRun,
): Promise<{ points: InterruptionPoint[]; total: number; unit: 'statement' | 'moment' }> {
  if (target.hooks?.statements) {
    await using copy = await countOn()
    const counted = await target.start(copy.dbPath, { countStatements: true })
    const total = counted.statements ?? 0
    const points = Array.from({ length: total }, (_, i) => ({
      label: `statement ${i + 1}`,
      options: { killAfterStatement: i + 1 },
    }))
    return { points, total, unit: 'statement' }
  }
  const points = Array.from({ length: BLACK_BOX_KILL_POINTS }, (_, i) => {
    const ms = Math.max(1, Math.round((uninterrupted.ms * (i + 1)) / (BLACK_BOX_KILL_POINTS + 1)))
    return { label: `${ms} ms`, options: { killAfterMs: ms } }
  })
  return { points, total: BLACK_BOX_KILL_POINTS, unit: 'moment' }
}
