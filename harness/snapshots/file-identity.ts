import type { BigIntStats } from 'node:fs'

/**
 * What tells one version of a file from another without reading it: where it lies (device, inode), its
 * size, and when its content (mtime) or anything about it (ctime, which no one can set back) last
 * changed, to the nanosecond where the file system records it. One string,
 * `dev:ino:size:mtimeNs:ctimeNs`, so that it compares with `===` and a snapshot that holds one still
 * prints as JSON.
 */
export type FileIdentity = string

/** The identity of the file that `stats` (a `{ bigint: true }` stat) describes. */
export function fileIdentity(stats: BigIntStats): FileIdentity {
  return [stats.dev, stats.ino, stats.size, stats.mtimeNs, stats.ctimeNs].join(':')
}
