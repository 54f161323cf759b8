import Database from 'better-sqlite3'
import type { HistorySpec } from '../config/types.ts'
import { createWorkingCopy } from '../snapshots/working-copy.ts'
import type { TargetRun } from '../targets/target.ts'
import { compareStates } from './compare-states.ts'
import { readIntegrityHere } from './integrity.ts'
import { historyProblems, newEntries, userVersionOf } from './history.ts'
import { readHistory } from './read-history.ts'
import { runPool } from './run-pool.ts'
import { summarize } from './summarize.ts'
import type { Check, CheckContext } from './types.ts'

/** How many disk sizes between "no room at all" and "just short of enough" are tried. */
export const DISK_FULL_POINTS = 4

/**
 * `disk-full` (better-sqlite3 module targets): with the database's growth capped (`max_page_count`) at
 * points through the upgrade, the start must fail cleanly: an error, not a crash; a database that passes
 * `integrity_check`; a history that stopped at a migration boundary, and when no migration was recorded,
 * schema and data exactly as before. A start with room must then end where an uninterrupted start ends.
 */
export const diskFullCheck: Check = {
  name: 'disk-full',
  async run(context) {
    const { target, original, upgraded, fresh } = context
    // Where a start may stop is told by what a fresh database records: without it, every stop would look
    // like one between migrations. `matches-fresh` and `history` fail saying why it is missing.
    if (!fresh.run.ok)
      return {
        status: 'skip',
        message: `skipped: the target fails on an empty database, so its migration boundaries are unknown (${fresh.run.error})`,
      }
    if (fresh.historyProblem)
      return {
        status: 'skip',
        message: `skipped: the fresh database ${fresh.historyProblem}, so the migration boundaries are unknown`,
      }
    if (!target.hooks?.statements) {
      return {
        status: 'skip',
        message: 'skipped: needs a better-sqlite3 module target (the disk is filled through max_page_count)',
      }
    }
    const growth = pageCount(upgraded.dbPath) - pageCount(original.dbPath)
    if (growth <= 0) return { status: 'skip', message: 'skipped: the upgrade does not grow the database' }
    const caps = [
      ...new Set(
        Array.from({ length: DISK_FULL_POINTS }, (_, i) => Math.floor((growth * i) / DISK_FULL_POINTS)),
      ),
    ]
    const tries = await runPool(caps, 2, (cap) => tryCap(context, cap, growth))
    // The cap is set on the connections the hooks see, those of the target's main thread: an upgrade
    // that ran none there (a worker thread, another driver) could not have its disk filled this way.
    if (tries.every((t) => t.unseen)) {
      return {
        status: 'skip',
        message: tries.some((t) => t.unseen === 'uncapped')
          ? "skipped: the upgrade grew the database past the cap without an error, so it writes through a connection outside the target's main thread (a worker thread?), where the disk is filled"
          : "skipped: the upgrade ran no statement through better-sqlite3 in the target's main thread (a worker thread?), where the disk is filled",
      }
    }
    const problems = tries.flatMap((t) => t.problems)
    if (problems.length > 0) return { status: 'fail', message: summarize(problems), details: { problems } }
    return {
      status: 'pass',
      message: `with room for 0 to ${caps.at(-1)} of the ${growth} new pages the start failed cleanly, and then completed`,
    }
  },
}

async function tryCap(
  { config, snapshot, original, target, fresh, upgraded }: CheckContext,
  cap: number,
  growth: number,
): Promise<{ problems: string[]; unseen: NotFelt | false }> {
  const where = `with room for ${cap} more pages`
  await using copy = await createWorkingCopy(snapshot)
  const full = await target.start(copy.dbPath, { maxPageCountGrowth: cap })
  const unseen = full.ok ? capNotFelt(full, copy.dbPath, pageCount(original.dbPath), cap) : false
  const problems: string[] = []
  if (full.signal) problems.push(`${where}: the start crashed (${full.error})`)
  // The upgrade needs more pages than the cap allows: a start that still succeeds never felt the cap,
  // or felt it and went on as if nothing had happened.
  if (unseen) problems.push(`${where}: the start succeeded, so the page cap had no effect`)
  else if (full.ok) {
    problems.push(
      `${where}: the start succeeded without growing the database by the ${growth} pages the upgrade needs: it went on after a disk-full error (SQLITE_FULL)`,
    )
  }
  if (!full.ok) {
    const integrity = readIntegrityHere(copy.dbPath).integrity.filter((m) => m !== 'ok')
    if (integrity.length > 0)
      problems.push(`${where}: integrity_check after the failed start: ${integrity[0]}`)
    const before = readHistory(original.dbPath, config.history)
    const after = readHistory(copy.dbPath, config.history)
    if (!atMigrationBoundary(config.history, before, after, fresh.history ?? [])) {
      problems.push(`${where}: history left at [${after.join(', ')}], not at a migration boundary`)
    } else if (after.join('\n') === before.join('\n')) {
      const { problems: changed } = compareStates(
        config,
        original,
        copy.dbPath,
        { expected: 'before', actual: 'after the failed start' },
        { ignoreJournalMode: true },
      )
      if (changed.length > 0)
        problems.push(`${where}: the failed start changed the database: ${summarize(changed)}`)
    }
  }
  const restart = await target.start(copy.dbPath)
  if (!restart.ok) {
    problems.push(`${where}: the start with room failed: ${restart.error}`)
    return { problems, unseen }
  }
  const { problems: differs } = compareStates(
    config,
    upgraded,
    copy.dbPath,
    { expected: 'uninterrupted', actual: `after a full disk, restarted` },
    { ignoreHistoryTimestamps: true },
  )
  if (differs.length > 0)
    problems.push(`${where}: then a start with room ended elsewhere: ${summarize(differs)}`)
  return { problems, unseen }
}

/** Why a start that succeeded under a cap never felt it: it ran no hooked statement, or wrote elsewhere. */
type NotFelt = 'no statement' | 'uncapped'

function capNotFelt(run: TargetRun, dbPath: string, pagesBefore: number, cap: number): NotFelt | false {
  if ((run.statements ?? 0) === 0) return 'no statement'
  // No capped connection can grow the file past the cap: one the hooks do not see wrote it.
  return pageCount(dbPath) - pagesBefore > cap ? 'uncapped' : false
}

/**
 * Whether a history stopped where some prefix of the upgrade leaves it: what it recorded since `before`
 * is the start of what a fresh database records, each once (for `user_version`, a version between the
 * snapshot's and fresh's).
 */
function atMigrationBoundary(spec: HistorySpec, before: string[], after: string[], fresh: string[]): boolean {
  if ('pragma' in spec) {
    return userVersionOf(before) <= userVersionOf(after) && userVersionOf(after) <= userVersionOf(fresh)
  }
  const applied = newEntries(before, after)
  const expected = newEntries(before, fresh)
  return (
    applied.every((name, i) => expected[i] === name) && historyProblems(before, after, after).length === 0
  )
}

function pageCount(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    return db.pragma('page_count', { simple: true }) as number
  } finally {
    db.close()
  }
}
