import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'

/** The released versions, oldest first; each lives in `app/releases/<version>/`. */
export const RELEASES = ['v0.1.0', 'v0.9.5', 'v1.0.0-rc.1', 'v1.0.0'] as const

/** One released version. */
export type Release = (typeof RELEASES)[number]

/** The manual hot-fix from the rc.1 post-mortem, applied to v0.9.5 databases so that rc.1 could start. */
export const WORKAROUND_SQL = 'ALTER TABLE tokens ADD COLUMN token_hash TEXT'

/** A database as the harness's snapshots hold them: a release's initDb, its fixtures, then hot-fixes. */
export interface ReleaseDbOptions {
  /** Load the release's `fixtures.sql`. Default true. */
  fixtures?: boolean
  /** SQL run last, e.g. {@link WORKAROUND_SQL}. Default none. */
  afterSql?: readonly string[]
}

/** The folder of a release, as a URL ending in `/`. */
export function releaseDir(release: Release): URL {
  return new URL(`../releases/${release}/`, import.meta.url)
}

/** The `initDb` of a released version. */
export async function releaseInitDb(release: Release): Promise<(path: string) => void> {
  const module = (await import(new URL('init-db.ts', releaseDir(release)).href)) as {
    initDb: (path: string) => void
  }
  return module.initDb
}

/** Builds at `path` the database that `release` leaves behind, filled with its fixtures. */
export async function buildReleaseDb(
  release: Release,
  path: string,
  options: ReleaseDbOptions = {},
): Promise<void> {
  const initDb = await releaseInitDb(release)
  initDb(path)
  const sql = [...(options.fixtures === false ? [] : [fixturesSql(release)]), ...(options.afterSql ?? [])]
  if (sql.length === 0) return
  const db = new Database(path)
  try {
    for (const script of sql) db.exec(script)
  } finally {
    db.close()
  }
}

/** The text of a release's `fixtures.sql`. */
export function fixturesSql(release: Release): string {
  return readFileSync(new URL('fixtures.sql', releaseDir(release)), 'utf8')
}
