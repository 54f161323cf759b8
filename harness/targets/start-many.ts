import type { StartOptions, Target, TargetRun } from './target.ts'

/**
 * Start `count` processes of `target` on one database file together: through the target's own
 * `startMany` (a start line, for module targets) when it has one, else by starting them all at once.
 */
export function startMany(
  target: Target,
  dbPath: string,
  count: number,
  options?: StartOptions,
): Promise<TargetRun[]> {
  if (target.startMany) return target.startMany(dbPath, count, options)
  return Promise.all(Array.from({ length: count }, () => target.start(dbPath, options)))
}
