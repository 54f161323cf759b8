import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { type FileIdentity, fileIdentity } from './file-identity.ts'

/** Files up to this size are hashed in one piece, off the main thread; larger ones are streamed. */
const WHOLE_FILE_BYTES = 8 * 1024 * 1024

/** A file's sha256 and the identity of the file it was read from. */
export interface HashedFile {
  /** The sha256, in hex. */
  readonly sha256: string
  /**
   * The file as it was when the read began, from the open file that was hashed: a later change (a write,
   * or another file renamed over it) gives the path another identity.
   */
  readonly identity: FileIdentity
}

/**
 * The sha256 (hex) of a file. A small file is hashed by Web Crypto, on libuv's thread pool, so several
 * snapshots are hashed on several cores at once; a large one is streamed, so it never sits in memory.
 */
export async function sha256File(file: string): Promise<string> {
  return (await hashFile(file)).sha256
}

/** {@link sha256File}, with the identity of the file that was read (see {@link HashedFile}). */
export async function hashFile(file: string): Promise<HashedFile> {
  const handle = await open(file, 'r')
  try {
    const stats = await handle.stat({ bigint: true })
    const identity = fileIdentity(stats)
    if (stats.size <= WHOLE_FILE_BYTES) {
      const digest = await crypto.subtle.digest('SHA-256', await handle.readFile())
      return { sha256: Buffer.from(digest).toString('hex'), identity }
    }
    const hash = createHash('sha256')
    for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer)
    return { sha256: hash.digest('hex'), identity }
  } finally {
    await handle.close()
  }
}
