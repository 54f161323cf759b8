import { execFile } from 'node:child_process'
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import type { Config } from '../../harness/config/types.ts'
import type { Manifest } from '../../harness/snapshots/manifest.ts'
import { sha256File } from '../../harness/snapshots/sha256-file.ts'

const run = promisify(execFile)

/** The database file's name inside each snapshot folder. */
const DB_FILE = 'db.sqlite'

/**
 * Builds one snapshot per release of `config` into `dir`, the way the harness's regeneration does: the
 * release's own command on an empty file, then its fixtures. Lets this example's gate run without the
 * committed snapshots, so its test does not depend on them having been regenerated.
 */
export async function buildReleaseSnapshots(config: Config, dir: string): Promise<Manifest[]> {
  const manifests: Manifest[] = []
  for (const release of config.releases) {
    if (!('command' in release.target)) throw new Error(`release ${release.name}: expected a command target`)
    const folder = path.join(dir, release.name)
    await mkdir(folder, { recursive: true })
    const dbPath = path.join(folder, DB_FILE)
    const [command, ...args] = release.target.command.map((arg) => arg.replaceAll('{db}', dbPath))
    if (command === undefined) throw new Error(`release ${release.name}: empty command`)
    await run(command, args, { cwd: config.rootDir })
    const fixtures = (release.fixtures ?? []).map((file) =>
      readFile(path.resolve(config.rootDir, file), 'utf8'),
    )
    const rowCounts = loadFixtures(dbPath, await Promise.all(fixtures))
    const manifest: Manifest = {
      name: release.name,
      version: release.version,
      file: DB_FILE,
      sha256: await sha256File(dbPath),
      sqliteVersion: sqliteVersion(dbPath),
      source: 'regenerated',
      rowCounts,
      migrations: release.migrations
        ? await hashFolder(path.resolve(config.rootDir, release.migrations))
        : {},
      notes: `built for a test from ${release.name}'s init_db and fixtures`,
    }
    await writeFile(path.join(folder, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
    manifests.push(manifest)
  }
  return manifests
}

/** Runs the fixture scripts on the database; returns the rows per user table afterwards. */
function loadFixtures(dbPath: string, scripts: string[]): Record<string, number> {
  const db = new Database(dbPath, { fileMustExist: true })
  try {
    for (const sql of scripts) db.exec(sql)
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
      )
      .pluck()
      .all() as string[]
    const counts: Record<string, number> = {}
    for (const table of tables) {
      counts[table] = db
        .prepare(`SELECT count(*) FROM "${table.replaceAll('"', '""')}"`)
        .pluck()
        .get() as number
    }
    return counts
  } finally {
    db.close()
  }
}

function sqliteVersion(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    return db.prepare('SELECT sqlite_version()').pluck().get() as string
  } finally {
    db.close()
  }
}

async function hashFolder(folder: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {}
  for (const name of (await readdir(folder)).sort()) hashes[name] = await sha256File(path.join(folder, name))
  return hashes
}
