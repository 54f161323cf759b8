import type { StartOptions, Target, TargetHooks, TargetRun } from './target.ts'

/** The hooks of a target that does not declare any: none. */
const NO_HOOKS: TargetHooks = { startLine: false, statements: false }

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

/** The hooks `target` honours; a target that does not say honours none. */
export function targetHooks(target: Target): TargetHooks {
  return target.hooks ?? NO_HOOKS
}
