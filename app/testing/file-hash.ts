import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'

/** sha256 of a database file and of its `-wal` file (if any): equal hashes mean an untouched database. */
export function fileHash(path: string): string {
  const hash = createHash('sha256').update(readFileSync(path))
  if (existsSync(`${path}-wal`)) hash.update('wal').update(readFileSync(`${path}-wal`))
  return hash.digest('hex')
}
