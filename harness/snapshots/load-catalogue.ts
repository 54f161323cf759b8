import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import semver from 'semver'
import { errorMessage, InputError } from '../errors.ts'
import { displayPath } from './display-path.ts'
import { parseManifest } from './parse-manifest.ts'
import type { Snapshot } from './snapshot.ts'

/** The manifest's file name inside each snapshot folder. */
export const MANIFEST_FILE = 'manifest.json'

/**
 * Every snapshot under `dir` (each `<dir>/<name>/manifest.json`), validated and sorted by semver
 * version (then name). Throws an InputError naming the file and the problem for a missing folder,
 * a folder without manifest, or a manifest with a bad field. Does not hash the database files:
 * that is {@link verifySnapshot}'s job. `origin` says where `dir` came from (a config's field), for
 * the message when it names no folder.
 */
export async function loadCatalogue(dir: string, origin?: string): Promise<Snapshot[]> {
  const root = path.resolve(dir)
  let entries
  try {
    entries = await readdir(root, { withFileTypes: true })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const problem =
      code === 'ENOTDIR'
        ? 'is not a folder, expected the snapshot folder'
        : code === 'ENOENT'
          ? 'snapshot folder not found'
          : `snapshot folder cannot be read (${errorMessage(error)})`
    throw new InputError(`${displayPath(root)}: ${problem}${origin ? ` (${origin})` : ''}`)
  }
  // Hidden folders are regeneration's scratch space (`.v0.9.5.new-...`), never snapshots. A link to a
  // folder is a snapshot folder too: it is followed, as every other read follows it.
  const visible = entries.filter((entry) => !entry.name.startsWith('.'))
  const isFolder = await Promise.all(
    visible.map(
      async (entry) =>
        entry.isDirectory() ||
        (entry.isSymbolicLink() &&
          ((await stat(path.join(root, entry.name)).catch(() => undefined))?.isDirectory() ?? false)),
    ),
  )
  const folders = visible.filter((_, i) => isFolder[i])
  // Read all at once; of several bad folders, the first by name is reported, as when read in turn.
  const loaded = await Promise.allSettled(
    folders
      .map((entry) => entry.name)
      .sort()
      .map((folder) => loadSnapshot(root, folder)),
  )
  const failed = loaded.find((result) => result.status === 'rejected')
  if (failed) throw failed.reason
  const snapshots = loaded.map((result) => (result as PromiseFulfilledResult<Snapshot>).value)
  return snapshots.sort(
    (a, b) => semver.compare(a.manifest.version, b.manifest.version) || a.name.localeCompare(b.name),
  )
}

async function loadSnapshot(root: string, folder: string): Promise<Snapshot> {
  const snapshotDir = path.join(root, folder)
  const manifestPath = path.join(snapshotDir, MANIFEST_FILE)
  let text: string
  try {
    text = await readFile(manifestPath, 'utf8')
  } catch {
    throw new InputError(`${displayPath(snapshotDir)}: no ${MANIFEST_FILE}`)
  }
  const manifest = parseManifest(text, displayPath(manifestPath), folder)
  const dbPath = path.join(snapshotDir, manifest.file)
  const info = await stat(dbPath).catch(() => undefined)
  if (info === undefined || !info.isFile()) {
    throw new InputError(
      `${displayPath(manifestPath)}: "file" names ${displayPath(dbPath)}, which does not exist`,
    )
  }
  return { name: folder, dir: snapshotDir, manifestPath, dbPath, manifest }
}
