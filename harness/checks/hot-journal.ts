import { closeSync, openSync, readSync } from 'node:fs'
import path from 'node:path'
import { judgeRuns } from '../targets/judge-runs.ts'
import type { Target } from '../targets/target.ts'

/** The first bytes of a rollback journal that SQLite will play back (https://sqlite.org/fileformat2.html#the_rollback_journal). */
const JOURNAL_MAGIC = Buffer.from('d9d505f920a163d7', 'hex')

/**
 * Whether the rollback journal beside `dbPath` is hot: one that the next connection to open the file
 * plays back, undoing what the last writer left uncommitted. A committed or rolled-back transaction
 * leaves none, or one with its header zeroed (`journal_mode = PERSIST`) or emptied (`TRUNCATE`).
 */
export function hasHotJournal(dbPath: string): boolean {
  let fd: number
  try {
    fd = openSync(`${dbPath}-journal`, 'r')
  } catch {
    return false
  }
  try {
    const header = Buffer.alloc(JOURNAL_MAGIC.length)
    return readSync(fd, header, 0, header.length, 0) === header.length && header.equals(JOURNAL_MAGIC)
  } finally {
    closeSync(fd)
  }
}

/**
 * `target`, with a start that reports success but leaves a hot rollback journal reported as failed. Such
 * a start returned inside an open transaction (a migration script without its COMMIT, on a connection
 * never closed) that had already spilled pages into the file: the next open rolls all of it back. Every
 * check would otherwise read a file that is half written (a read-only connection cannot play the
 * journal back: "attempt to write a readonly database"), or a copy of it without its journal ("database
 * disk image is malformed"), and none would say why.
 *
 * @example
 * const target = refuseHotJournals(guardResources(startInSlots(prepared, slots)))
 */
export function refuseHotJournals(target: Target): Target {
  return judgeRuns(target, (dbPath, _options, run) => {
    if (!run.ok || !hasHotJournal(dbPath)) return run
    return {
      ...run,
      ok: false,
      error:
        `returned, but left a transaction open: ${path.basename(dbPath)}-journal is a hot rollback journal, ` +
        'so the next open rolls back what the start wrote; commit it and close the database before returning',
    }
  })
}
