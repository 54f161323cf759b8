import { statSync } from 'node:fs'
import { countRowsIn } from '../data/count-rows.ts'
import { InputError } from '../errors.ts'
import { openReadOnly } from '../inspect/open-read-only.ts'
import { count, summarize } from '../checks/summarize.ts'
import { displayPath } from './display-path.ts'
import { hashFile } from './sha256-file.ts'
import type { Snapshot } from './snapshot.ts'
import { readSqliteHeader } from './sqlite-header.ts'

/** Files SQLite reads along with a database: neither may sit beside a snapshot. */
const SIDE_FILES = [
  ['-wal', 'write-ahead log'],
  ['-journal', 'rollback journal'],
] as const

/** How many hex digits of a sha256 a message shows: enough to tell two apart at a glance. */
const SHORT_SHA = 12

/**
 * Refuses a snapshot whose database file is not what its manifest recorded: not SQLite, truncated
 * (smaller than the header's page size × page count), or with another sha256. Throws an InputError:
 * `snapshot "v0.9.5": sha256 is 3f1c..., manifest says 9ab2... (snapshots/v0.9.5/db.sqlite)`.
 * A write-ahead log or rollback journal beside it is refused too. With `rowCounts`, the tables' row
 * counts must also be the manifest's (a full read of every table: `snapshots verify` asks for it, the
 * gate does not). Only reads the file.
 *
 * Returns the snapshot with the identity of the file it hashed (`verified`): working copies of that
 * snapshot are refused if the file changes after its check (see {@link createWorkingCopy}).
 */
export async function verifySnapshot(s: Snapshot, options: { rowCounts?: boolean } = {}): Promise<Snapshot> {
  const where = displayPath(s.dbPath)
  for (const [suffix, what] of SIDE_FILES) {
    // SQLite would read it with the file: every working copy would then hold something the sha256 never saw.
    if ((statSync(s.dbPath + suffix, { throwIfNoEntry: false })?.size ?? 0) > 0) {
      throw new InputError(
        `snapshot "${s.name}": ${where}${suffix}: a ${what} beside the snapshot; a snapshot is its one file (remove it, or regenerate)`,
      )
    }
  }
  const header = await readSqliteHeader(s.dbPath).catch((error: unknown) => {
    throw new InputError(`snapshot "${s.name}": cannot read ${where} (${String(error)})`)
  })
  if ('problem' in header) throw new InputError(`snapshot "${s.name}": ${where}: ${header.problem}`)
  const { sha256: actual, identity } = await hashFile(s.dbPath)
  if (actual !== s.manifest.sha256) {
    throw new InputError(
      `snapshot "${s.name}": sha256 is ${actual.slice(0, SHORT_SHA)}..., ` +
        `manifest says ${s.manifest.sha256.slice(0, SHORT_SHA)}... (${where})`,
    )
  }
  if (options.rowCounts) {
    // Through openReadOnly: a plain read-only connection to a WAL database would leave -wal and -shm
    // files beside the committed snapshot.
    using file = openReadOnly(s.dbPath)
    const actual = countRowsIn(file.db)
    const recorded = s.manifest.rowCounts
    const tables = [...new Set([...Object.keys(actual), ...Object.keys(recorded)])].sort()
    const wrong = tables
      .filter((table) => actual[table] !== recorded[table])
      .map((table) => `table ${table} has ${rowsOf(actual[table])}, manifest says ${rowsOf(recorded[table])}`)
    if (wrong.length > 0) throw new InputError(`snapshot "${s.name}": ${summarize(wrong)} (${where})`)
  }
  return { ...s, verified: identity }
}

function rowsOf(rows: number | undefined): string {
  return rows === undefined ? 'no such table' : count(rows, 'row')
}
