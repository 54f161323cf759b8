import type { BigIntStats } from 'node:fs'
import { stat } from 'node:fs/promises'
import { InputError } from '../errors.ts'
import { displayPath } from './display-path.ts'
import { type FileIdentity, fileIdentity } from './file-identity.ts'
import type { Snapshot } from './snapshot.ts'

/**
 * A snapshot's database file that is no longer the one whose sha256 was checked: replaced or rewritten
 * during the run (a `git checkout`, a regenerate in another terminal). Input trouble, not the target's:
 * a check that meets it rethrows it, and the run stops (exit status 2).
 */
export class SnapshotChangedError extends InputError {}

/**
 * Throws {@link SnapshotChangedError} unless the snapshot's database file is still the one
 * {@link verifySnapshot} hashed (same device, inode, size, mtime and ctime), with no write-ahead log
 * beside it that a copy would take along. Two stats, no read: a snapshot never verified passes.
 */
export async function assertUnchangedSinceVerified(s: Snapshot): Promise<void> {
  const verified = s.verified
  if (!verified) return
  const [now, wal] = await Promise.all(
    ['', '-wal'].map((suffix) => stat(s.dbPath + suffix, { bigint: true }).catch(() => undefined)),
  )
  const change = changeOf(verified, now, wal)
  if (change === undefined) return
  throw new SnapshotChangedError(
    `snapshot "${s.name}": ${displayPath(s.dbPath)}${change} after its sha256 was checked (during this run): run again`,
  )
}

/** How the file (`now`) and its write-ahead log differ from the file that was hashed, if they do. */
function changeOf(
  verified: FileIdentity,
  now: BigIntStats | undefined,
  wal: BigIntStats | undefined,
): string | undefined {
  if (now === undefined) return ' was removed'
  if (fileIdentity(now) !== verified) return ' changed'
  // An empty one is allowed beside a snapshot (SQLite replays nothing from it); one with frames is not.
  if ((wal?.size ?? 0n) > 0n) return '-wal (a write-ahead log) appeared beside it'
  return undefined
}
