import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { sha256File } from './sha256-file.ts'

/**
 * The sha256 of every file under a folder, by relative path, in path order. Tests take it before and
 * after a run to prove that committed snapshots were never written.
 */
export async function hashFolder(folder: string): Promise<Record<string, string>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true })
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort()
  const hashes: Record<string, string> = {}
  for (const file of files) hashes[file] = await sha256File(path.join(folder, file))
  return hashes
}
