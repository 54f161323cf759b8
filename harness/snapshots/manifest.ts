/** `snapshots/<name>/manifest.json`: what a snapshot is and where it came from. */
export interface Manifest {
  /** Snapshot name; equals its folder's name. */
  name: string
  /** Release version, ordered as semver (`0.9.5`, `1.0.0-rc.1`). */
  version: string
  /** The database file, relative to the snapshot's folder. Normally `db.sqlite`. */
  file: string
  /** sha256 (hex) of the database file. */
  sha256: string
  /** `sqlite_version()` of the library that wrote it. */
  sqliteVersion: string
  source: 'regenerated' | 'captured'
  /** Rows per table (user tables only). */
  rowCounts: Record<string, number>
  /** sha256 of each migration file the release shipped, by its path inside the migrations folder (`/` between subfolders). */
  migrations: Record<string, string>
  /** Free text: how it was made (release, fixtures, scrub rules). */
  notes?: string
}
