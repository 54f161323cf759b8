import { stat } from 'node:fs/promises'
import path from 'node:path'
import { isHiddenMigrationPath } from '../snapshots/migration-files.ts'
import { sha256File } from '../snapshots/sha256-file.ts'
import { differsOnlyInLineEndings } from './line-endings.ts'
import { summarize } from './summarize.ts'
import type { Check } from './types.ts'

/**
 * `migrations-unchanged`: no migration file that the snapshot's release shipped (as its manifest records)
 * has been edited or removed since. Files are recorded by their path inside the migrations folder (with `/`
 * between subfolders, as in `20240101_init/migration.sql`) and read at that path now. Editing a released
 * migration instead of adding a new one is the commonest way fresh and upgraded databases drift apart. A
 * file whose only change is its line endings (CRLF for LF, as a checkout on Windows writes them) is
 * unchanged, and the message names it.
 */
export const migrationsUnchangedCheck: Check = {
  name: 'migrations-unchanged',
  needsStart: false,
  async run({ config, snapshot }) {
    // A manifest written before hidden files were skipped may record a `.DS_Store` or `.gitkeep`: not a
    // migration, and absent from most checkouts, so it is held to nothing (as a regenerated one would not record it).
    const recorded = Object.entries(snapshot.manifest.migrations).filter(
      ([file]) => !isHiddenMigrationPath(file),
    )
    if (config.migrations === undefined)
      return { status: 'skip', message: 'skipped: no "migrations" folder in the config' }
    if (recorded.length === 0)
      return { status: 'pass', message: `${snapshot.name} recorded no migration files` }
    const shown = path.relative(process.cwd(), config.migrations) || '.'
    // Without the folder every file would be reported missing one by one, as if each had been deleted.
    if (!(await stat(config.migrations).catch(() => undefined))?.isDirectory()) {
      return {
        status: 'fail',
        message: `${shown}: no such folder (the config's "migrations"), so none of the ${recorded.length} migration files ${snapshot.name} shipped can be compared`,
      }
    }
    const problems: string[] = []
    const lineEndingsOnly: string[] = []
    for (const [file, sha256] of recorded) {
      const now = await sha256File(path.join(config.migrations, file)).catch(() => undefined)
      if (now === undefined) problems.push(`${shown}/${file}: shipped in ${snapshot.name}, now missing`)
      else if (
        now !== sha256 &&
        (await differsOnlyInLineEndings(path.join(config.migrations, file), sha256))
      ) {
        lineEndingsOnly.push(file)
      } else if (now !== sha256) {
        problems.push(
          `${shown}/${file}: edited since ${snapshot.name} shipped it (sha256 is ${now.slice(0, 12)}..., manifest says ${sha256.slice(0, 12)}...)`,
        )
      }
    }
    if (problems.length > 0) return { status: 'fail', message: summarize(problems), details: { problems } }
    const note =
      lineEndingsOnly.length > 0
        ? ` (line endings only: ${lineEndingsOnly.join(', ')}; SQLite reads both alike)`
        : ''
    return {
      status: 'pass',
      message: `${recorded.length} migration files unchanged since ${snapshot.name}${note}`,
    }
  },
}
