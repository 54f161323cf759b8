import Database from 'better-sqlite3'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { HistorySpec } from '../config/types.ts'
import { countRowsIn } from '../data/count-rows.ts'
import { copyDatabase } from './copy-database.ts'
import { MANIFEST_FILE } from './load-catalogue.ts'
import type { Manifest } from './manifest.ts'
import { listMigrationFiles } from './migration-files.ts'
import { describeHistory, readHistory } from './read-history.ts'
import { renderSchemaSql } from './render-schema-sql.ts'
import { sha256File } from './sha256-file.ts'

/** The database file's name in a snapshot folder. */
export const SNAPSHOT_DB_FILE = 'db.sqlite'
/** The readable schema's file name in a snapshot folder. */
export const SCHEMA_SQL_FILE = 'schema.sql'
/** The history read for schema.sql when none is given. */
export const DEFAULT_HISTORY: HistorySpec = { table: 'schema_migrations', column: 'migration_name' }

/** What {@link writeSnapshot} makes a snapshot from. */
export interface WriteSnapshotOptions {
  /** The finished database file (with its `-wal`, if any). Only read. */
  dbPath: string
  /** The snapshot folder to write; created if missing. Its name is the snapshot's name. */
  dir: string
  /** Snapshot name. Default: the folder's name (give it when writing into a staging folder). */
  name?: string
  /** Release version (semver). */
  version: string
  /** Where the database came from. Default: `regenerated`. */
  source?: Manifest['source']
  /** The release's migrations folder: each file's sha256 goes into the manifest. Default: none. */
  migrationsDir?: string
  /** Where the history lives, for schema.sql's header. Default: {@link DEFAULT_HISTORY}. */
  history?: HistorySpec
  /** Free text for the manifest. Default: none. */
  notes?: string
}

/**
 * Writes a snapshot folder from a finished database: `db.sqlite` (checkpointed and VACUUMed, in the
 * journal mode the release left, without `-wal`/`-shm` sidecars), `schema.sql` and `manifest.json`
 * (pretty-printed, trailing newline). Returns the manifest.
 */
export async function writeSnapshot(options: WriteSnapshotOptions): Promise<Manifest> {
  const dir = path.resolve(options.dir)
  const name = options.name ?? path.basename(dir)
  const dbPath = path.join(dir, SNAPSHOT_DB_FILE)
  await mkdir(dir, { recursive: true })
  await copyDatabase(options.dbPath, dbPath)
  const source = options.source ?? 'regenerated'
  const history = options.history ?? DEFAULT_HISTORY

  const db = new Database(dbPath)
  let schemaSql: string
  let sqliteVersion: string
  let rowCounts: Record<string, number>
  try {
    if (db.pragma('journal_mode', { simple: true }) === 'wal') db.pragma('wal_checkpoint(TRUNCATE)')
    // VACUUM leaves no free pages and lays rows out in order: a compact file, the same for the same content.
    db.exec('VACUUM')
    rowCounts = countRowsIn(db)
    sqliteVersion = String(db.prepare('SELECT sqlite_version()').pluck().get())
    const historyLine = describeHistory(history, readHistory(db, history))
    schemaSql = renderSchemaSql(db, {
      name,
      version: options.version,
      sqliteVersion,
      source,
      history: historyLine,
    })
  } finally {
    // Closing the last connection checkpoints and removes the WAL; the header keeps WAL mode.
    db.close()
  }
  await Promise.all(['-wal', '-shm', '-journal'].map((suffix) => rm(dbPath + suffix, { force: true })))

  const manifest: Manifest = {
    name,
    version: options.version,
    file: SNAPSHOT_DB_FILE,
    sha256: await sha256File(dbPath),
    sqliteVersion,
    source,
    rowCounts,
    migrations: options.migrationsDir ? await hashMigrations(options.migrationsDir) : {},
  }
  if (options.notes !== undefined) manifest.notes = options.notes
  await writeFile(path.join(dir, SCHEMA_SQL_FILE), schemaSql)
  await writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n')
  return manifest
}

/**
 * sha256 of every migration file under a folder, by relative path with `/` between folders, in path
 * order: the files {@link listMigrationFiles} lists (any depth; hidden ones skipped; a link to a file
 * counts as that file), as `migrations-unchanged` reads the current ones.
 */
export async function hashMigrations(folder: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {}
  for (const file of await listMigrationFiles(folder))
    hashes[file] = await sha256File(path.join(folder, file))
  return hashes
}
