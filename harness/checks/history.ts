import { readHistory } from './read-history.ts'
import { summarize } from './summarize.ts'
import type { Check } from './types.ts'

/**
 * `history`: the upgraded history equals the fresh database's (same migrations, each once), keeps every
 * entry the snapshot had, and records what the upgrade added in the order a fresh database records it.
 * Order is insertion order: entries the snapshot already had (and a baseline row added after them)
 * cannot be reordered, so only the entries new since the snapshot are held to fresh's order.
 */
export const historyCheck: Check = {
  name: 'history',
  async run({ config, original, fresh, upgraded }) {
    if (!fresh.history)
      return { status: 'fail', message: `the target fails on an empty database: ${fresh.run.error}` }
    if (fresh.historyProblem) {
      return {
        status: 'fail',
        message: `the database the target builds ${fresh.historyProblem}: a wrong "history" setting in the config, or a target that no longer records its history there`,
      }
    }
    const before = readHistory(original.dbPath, config.history)
    const after = upgraded.history()
    const problems =
      'pragma' in config.history
        ? versionProblems(before, after, fresh.history)
        : historyProblems(before, after, fresh.history)
    const details = { problems, snapshot: before, upgraded: after, fresh: fresh.history }
    if (problems.length > 0) return { status: 'fail', message: summarize(problems), details }
    return { status: 'pass', message: `${after.length} migrations recorded, as on a fresh database`, details }
  },
}

/** Every way `after` falls short: duplicates, entries lost since `before`, and any mismatch with `fresh`. */
export function historyProblems(before: string[], after: string[], fresh: string[]): string[] {
  const problems: string[] = []
  const seen = new Map<string, number>()
  for (const name of after) seen.set(name, (seen.get(name) ?? 0) + 1)
  for (const [name, times] of seen) if (times > 1) problems.push(`migration ${name} recorded ${times} times`)
  for (const name of before)
    if (!seen.has(name)) problems.push(`migration ${name} was in the snapshot's history and is gone`)
  for (const name of fresh)
    if (!seen.has(name))
      problems.push(`migration ${name} missing after upgrade (a fresh database records it)`)
  const freshSet = new Set(fresh)
  for (const name of seen.keys())
    if (!freshSet.has(name))
      problems.push(`migration ${name} recorded after upgrade but not on a fresh database`)
  if (problems.length === 0) {
    // What the snapshot already had keeps its place; what the upgrade recorded must follow fresh's order.
    const applied = newEntries(before, after)
    const expected = newEntries(before, fresh)
    if (applied.join('\n') !== expected.join('\n')) {
      problems.push(
        `order differs: the upgrade recorded [${applied.join(', ')}], a fresh database [${expected.join(', ')}]`,
      )
    }
  }
  return problems
}

/** The entries of `history` that `before` did not have, in their order. */
export function newEntries(before: readonly string[], history: readonly string[]): string[] {
  const had = new Set(before)
  return history.filter((name) => !had.has(name))
}

/** For a `user_version` history: the upgraded version equals fresh's and never went backwards. */
export function versionProblems(before: string[], after: string[], fresh: string[]): string[] {
  const problems: string[] = []
  if (userVersionOf(after) !== userVersionOf(fresh)) {
    problems.push(
      `user_version is ${userVersionOf(after)} after upgrade, ${userVersionOf(fresh)} on a fresh database`,
    )
  }
  if (userVersionOf(after) < userVersionOf(before)) {
    problems.push(`user_version went back from ${userVersionOf(before)} to ${userVersionOf(after)}`)
  }
  return problems
}

/** The version number of a `user_version` history (`['user_version 5']` is 5; it is signed, so `-5` is -5). */
export function userVersionOf(history: readonly string[]): number {
  return Number(/-?\d+$/.exec(history[0] ?? '')?.[0] ?? 0)
}
