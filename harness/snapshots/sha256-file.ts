import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

/** The sha256 (hex) of a file, streamed so a large database never sits in memory. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
