import { mkdtemp, rm } from 'node:fs/promises'
import path from 'node:path'
import { registerDir, releaseDir } from '../targets/process/child-registry.ts'
import { copyDatabaseInto } from './copy-database.ts'
import { scratchDir, scratchUnusable } from './scratch-space.ts'
import { sweepTempFolders } from './sweep-temp-folders.ts'
import { assertUnchangedSinceVerified } from './unchanged-since-verified.ts'
import type { Snapshot } from './snapshot.ts'

/** The prefix of every temporary folder the harness makes (`upgrade-harness-<pid>-<random>`), so a leak is easy to spot. */
export const TEMP_PREFIX = 'upgrade-harness'
/** The database file's name inside a working copy made for a fresh database. */
export const FRESH_DB_FILE = 'db.sqlite'

/**
 * A database in a temporary folder of its own that checks may change at will. Dispose it
 * (`await using copy = await createWorkingCopy(s)`) to remove the folder, whatever happened.
 */
export interface WorkingCopy extends AsyncDisposable {
  /** The temporary folder. */
  readonly dir: string
  /** The database file inside it. */
  readonly dbPath: string
}

/**
 * Copies a snapshot's database (or any database file, with its `-wal`) into a new temporary folder.
 * The source is only read. Does not verify the sha256: call {@link verifySnapshot} once per run, and
 * pass the snapshot it returns: a copy of that one is refused (SnapshotChangedError) when the file is no
 * longer the one it hashed.
 */
export async function createWorkingCopy(s: Snapshot | string): Promise<WorkingCopy> {
  const source = typeof s === 'string' ? s : s.dbPath
  const copy = await makeWorkingCopy(path.basename(source))
  try {
    await copySource(s, copy.dbPath)
  } catch (error) {
    await copy[Symbol.asyncDispose]()
    // A folder that will not take the copy is the harness's trouble; a source that cannot be read is not.
    const code = (error as NodeJS.ErrnoException).code
    if (code !== undefined && SCRATCH_WRITE_CODES.has(code))
      throw scratchUnusable(`copying ${source} into ${copy.dir}`, error)
    throw error
  }
  return copy
}

/**
 * Copies the source to `to`. A verified snapshot is checked before the copy (so no time is spent copying
 * the wrong file) and after it (a file replaced or written to while it was copied shows then). Not
 * hashed again: a second sha256 of every copy would cost as much as the copy itself.
 */
async function copySource(s: Snapshot | string, to: string): Promise<void> {
  if (typeof s === 'string') return copyDatabaseInto(s, to)
  await assertUnchangedSinceVerified(s)
  try {
    await copyDatabaseInto(s.dbPath, to)
  } catch (error) {
    // A snapshot removed or replaced under the copy: say so, rather than ENOENT.
    await assertUnchangedSinceVerified(s)
    throw error
  }
  await assertUnchangedSinceVerified(s)
}

/** Errors of a copy that are the destination's (the temporary folder's), not the source's. */
const SCRATCH_WRITE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS'])

/** A temporary folder for a database that does not exist yet (`dbPath` names the file to create). */
export async function createEmptyWorkingCopy(): Promise<WorkingCopy> {
  return makeWorkingCopy(FRESH_DB_FILE)
}

async function makeWorkingCopy(fileName: string): Promise<WorkingCopy> {
  const folder = await createTempFolder()
  return {
    dir: folder.path,
    dbPath: path.join(folder.path, fileName),
    [Symbol.asyncDispose]: folder[Symbol.asyncDispose],
  }
}

/** The temporary folders this process has swept of killed runs' folders: once each is enough. */
const swept = new Set<string>()

/** A temporary folder of the harness's, removed on dispose and also when the harness is interrupted. */
export interface TempFolder extends AsyncDisposable {
  path: string
}

/**
 * Makes a temporary folder that is removed on dispose, and also if the harness is stopped first (Ctrl-C,
 * SIGTERM, exit): every working copy, staging and capture folder goes through here.
 */
export async function createTempFolder(): Promise<TempFolder> {
  if (!swept.has(scratchDir())) {
    swept.add(scratchDir())
    sweepTempFolders(scratchDir(), TEMP_PREFIX)
  }
  let folder: string
  try {
    folder = await mkdtemp(path.join(scratchDir(), `${TEMP_PREFIX}-${process.pid}-`))
  } catch (error) {
    throw scratchUnusable('making a folder', error)
  }
  registerDir(folder)
  return {
    path: folder,
    // Recursive: a target may have left read-only files or sub-folders behind.
    [Symbol.asyncDispose]: async () => {
      await rm(folder, { recursive: true, force: true })
      releaseDir(folder)
    },
  }
}
