import { InputError } from '../errors.ts'
import { displayPath } from './display-path.ts'
import { sha256File } from './sha256-file.ts'
import type { Snapshot } from './snapshot.ts'
import { readSqliteHeader } from './sqlite-header.ts'

/** How many hex digits of a sha256 a message shows: enough to tell two apart at a glance. */
const SHORT_SHA = 12

/**
 * Refuses a snapshot whose database file is not what its manifest recorded: not SQLite, truncated
 * (smaller than the header's page size × page count), or with another sha256. Throws an InputError:
 * `snapshot "v0.9.5": sha256 is 3f1c..., manifest says 9ab2... (snapshots/v0.9.5/db.sqlite)`.
 * Only reads the file.
 */
export async function verifySnapshot(s: Snapshot): Promise<void> {
  const where = displayPath(s.dbPath)
  const header = await readSqliteHeader(s.dbPath).catch((error: unknown) => {
    throw new InputError(`snapshot "${s.name}": cannot read ${where} (${String(error)})`)
  })
  if ('problem' in header) throw new InputError(`snapshot "${s.name}": ${where}: ${header.problem}`)
  const actual = await sha256File(s.dbPath)
  if (actual !== s.manifest.sha256) {
    throw new InputError(
      `snapshot "${s.name}": sha256 is ${actual.slice(0, SHORT_SHA)}..., ` +
        `manifest says ${s.manifest.sha256.slice(0, SHORT_SHA)}... (${where})`,
    )
  }
}
