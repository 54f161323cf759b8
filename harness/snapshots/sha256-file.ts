import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'

/** Files up to this size are hashed in one piece, off the main thread; larger ones are streamed. */
const WHOLE_FILE_BYTES = 8 * 1024 * 1024

/**
 * The sha256 (hex) of a file. A small file is hashed by Web Crypto, on libuv's thread pool, so several
 * snapshots are hashed on several cores at once; a large one is streamed, so it never sits in memory.
 */
export async function sha256File(file: string): Promise<string> {
  if ((await stat(file)).size <= WHOLE_FILE_BYTES) {
    return Buffer.from(await crypto.subtle.digest('SHA-256', await readFile(file))).toString('hex')
  }
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
