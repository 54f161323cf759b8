import Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { rename, stat } from 'node:fs/promises'
import path from 'node:path'
import semver from 'semver'
import type { HistorySpec } from '../config/types.ts'
import { InputError, errorMessage } from '../errors.ts'
import { leaveNoSideFiles } from '../inspect/leave-no-side-files.ts'
import { displayPath } from './display-path.ts'
import { makeFoldersOrRefuse, removeEmptyFolders } from './make-folders.ts'
import type { Manifest } from './manifest.ts'
import { scrubDatabase } from './scrub-database.ts'
import { snapshotNameProblem } from './snapshot-name.ts'
import { loadScrubRules, validateScrubRules, type ScrubRules } from './scrub-rules.ts'
import { readSqliteHeader } from './sqlite-header.ts'
import { removeStaging, stagingFolder } from './swap-folder.ts'
import { createTempFolder } from './working-copy.ts'
import { DEFAULT_HISTORY, writeSnapshot } from './write-snapshot.ts'

/** What text columns no scrub rule names become unless told otherwise. */
export const DEFAULT_SCRUB_DEFAULT = 'keep'

/** Options of {@link captureSnapshot}. */
export interface CaptureOptions {
  /** The database file to capture (a production backup, a file from a bug report). Only read. */
  source: string
  /** The release version that made it (semver). */
  version: string
  /** The snapshot's name. Default: `v<version>`. */
  name?: string
  /** The snapshots folder; the snapshot is written to `<dir>/<name>`, which must not exist. */
  dir: string
  /** Scrub rules (`--scrub`): a JSON file's path, or the mapping itself. Default: none. */
  scrubRules?: string | ScrubRules
  /** Text columns no rule names: `hash` or `keep`. Default: {@link DEFAULT_SCRUB_DEFAULT}. */
  scrubDefault?: 'hash' | 'keep'
  /** HMAC key for `hash` and `fake`. Default: 32 random bytes, new for every capture and never stored. */
  scrubKey?: string | Buffer
  /** Where the history lives: its table is never scrubbed by default. Default: `schema_migrations`. */
  history?: HistorySpec
  /** The release's migrations folder, hashed into the manifest. Default: none. */
  migrationsDir?: string
  /** Free text for the manifest. Default: what was captured and how it was scrubbed. */
  notes?: string
}

/**
 * Turns any SQLite file into a snapshot folder with `source: 'captured'`. The source is opened
 * read-only and copied in one read transaction (`VACUUM INTO`), so the image is consistent even while
 * another process writes, and includes what is still only in its WAL. A file that is not SQLite or
 * fails `integrity_check` is refused with one InputError line. Scrub rules are applied to the private
 * image, which is then rewritten (secure_delete, VACUUM, no journal, no WAL) so that no original value
 * of a scrubbed column remains in any byte of the snapshot.
 */
export async function captureSnapshot(options: CaptureOptions): Promise<Manifest> {
  const source = path.resolve(options.source)
  const where = displayPath(source)
  const header = await readSqliteHeader(source).catch((error: unknown) => {
    // Only a missing file is "no such file": a folder, or a file that may not be read, says what it is.
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new InputError(`${where}: no such file`)
    if (code === 'EISDIR') throw new InputError(`${where}: a folder, not a database file`)
    throw new InputError(`${where}: cannot read (${errorMessage(error)})`, { cause: error })
  })
  if ('problem' in header) throw new InputError(`${where}: ${header.problem}`)
  // `v1.2.0` is read as 1.2.0, so the default name is v1.2.0, not vv1.2.0.
  const version = semver.valid(options.version)
  if (version === null) {
    throw new InputError(`--version ${options.version}: not a semver version (such as 1.2.0 or 2.0.0-rc.1)`)
  }
  const name = options.name ?? `v${version}`
  const nameProblem = snapshotNameProblem(name)
  if (nameProblem) throw new InputError(`--name ${name}: ${nameProblem}`)
  const dir = path.resolve(options.dir)
  const dirStats = await stat(dir).catch((error: NodeJS.ErrnoException) => error)
  if (dirStats instanceof Error ? dirStats.code !== 'ENOENT' : !dirStats.isDirectory()) {
    throw new InputError(`${displayPath(dir)}: not a folder (give --dir the snapshots folder)`)
  }
  const target = path.join(dir, name)
  if (
    await stat(target).then(
      () => true,
      () => false,
    )
  ) {
    throw new InputError(`${displayPath(target)}: already exists; remove it or choose another --name`)
  }
  const rules =
    typeof options.scrubRules === 'string'
      ? await loadScrubRules(options.scrubRules)
      : validateScrubRules(options.scrubRules ?? {}, 'scrub rules')
  const rulesWhere = typeof options.scrubRules === 'string' ? displayPath(options.scrubRules) : 'scrub rules'
  const history = options.history ?? DEFAULT_HISTORY

  const scratch = await createTempFolder()
  const staged = stagingFolder(target)
  try {
    const image = path.join(scratch.path, 'image.sqlite')
    copyConsistently(source, where, image)
    const db = new Database(image)
    let scrubbed
    try {
      // Nothing of the scrub may reach a file other than the image: journals and temporary tables stay in memory.
      db.pragma('journal_mode = MEMORY')
      db.pragma('temp_store = MEMORY')
      scrubbed = scrubDatabase(db, {
        rules,
        scrubDefault: options.scrubDefault ?? DEFAULT_SCRUB_DEFAULT,
        key: options.scrubKey === undefined ? randomBytes(32) : Buffer.from(options.scrubKey),
        keepTables: 'table' in history ? [history.table] : [],
        where: rulesWhere,
      })
      db.pragma('secure_delete = ON')
      db.exec('VACUUM')
      // The source's journal mode is part of its schema as the app left it (WAL stays set in the header);
      // the scrubbed pages are already rewritten, and switching writes no row.
      db.pragma(`journal_mode = ${header.wal ? 'WAL' : 'DELETE'}`)
    } finally {
      db.close()
    }
    const summary = scrubbed.columns.map((c) => `${c.table}.${c.column} ${c.action}`).join(', ')
    const notes =
      options.notes ??
      [
        `Captured from ${path.basename(source)}`,
        summary ? `scrubbed: ${summary}` : 'not scrubbed',
        ...scrubbed.notes,
      ].join('; ')
    const made = await makeFoldersOrRefuse(dir)
    try {
      const manifest = await writeSnapshot({
        dbPath: image,
        dir: staged,
        name,
        version,
        source: 'captured',
        history,
        notes,
        ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}),
      })
      await rename(staged, target).catch((error: unknown) => {
        // Not there when tested above: another capture with this --name finished meanwhile (rename
        // replaces only an empty folder; a snapshot folder, or a file, is refused and kept).
        const code = (error as NodeJS.ErrnoException).code
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOTDIR') throw error
        throw new InputError(
          `${displayPath(target)}: appeared meanwhile (already exists); remove it or choose another --name`,
          {
            cause: error,
          },
        )
      })
      return manifest
    } catch (error) {
      // A capture that fails leaves no trace: not even the snapshots folder it made for the snapshot.
      await removeStaging(staged)
      if (made !== undefined) removeEmptyFolders(dir, made)
      throw error
    }
  } finally {
    await removeStaging(staged)
    await scratch[Symbol.asyncDispose]()
  }
}

/** A consistent copy of `source` (WAL content included) made through a read-only connection. */
function copyConsistently(source: string, where: string, image: string): void {
  using _sideFiles = leaveNoSideFiles(source)
  let db: Database.Database | undefined
  try {
    db = new Database(source, { readonly: true, fileMustExist: true })
    db.pragma('busy_timeout = 5000')
    const problems = db.prepare('PRAGMA integrity_check').pluck().all() as string[]
    if (problems[0] !== 'ok') {
      throw new InputError(`${where}: integrity_check failed: ${problems.slice(0, 3).join('; ')}`)
    }
    db.prepare('VACUUM INTO ?').run(image)
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`${where}: cannot capture (${errorMessage(error)})`, { cause: error })
  } finally {
    db?.close()
  }
}
