import type { FileIdentity } from './file-identity.ts'
import type { Manifest } from './manifest.ts'

/** One snapshot of the catalogue: its validated manifest and where its files are. */
export interface Snapshot {
  /** The snapshot's name (its folder's name), e.g. `v0.9.5`. */
  readonly name: string
  /** Absolute path of the snapshot's folder. */
  readonly dir: string
  /** Absolute path of its `manifest.json`. */
  readonly manifestPath: string
  /** Absolute path of its database file (the manifest's `file`). Only ever read. */
  readonly dbPath: string
  readonly manifest: Manifest
  /**
   * The database file as it was when its sha256 was checked: set on the snapshot that
   * {@link verifySnapshot} returns, so that a working copy is only made of that very file.
   */
  readonly verified?: FileIdentity
}
