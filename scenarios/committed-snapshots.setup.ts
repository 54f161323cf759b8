// Global setup of the whole test run: the sha256 of every file under snapshots/ (and examples' snapshot
// folders) before the first test and after the last. Any file changed, added or removed fails the run:
// committed snapshots are never written to, whatever a test or a target does.
import path from 'node:path'
import { hashFolder } from '../harness/snapshots/hash-folder.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const FOLDERS = ['snapshots', 'examples/python/snapshots'].map((f) => path.join(ROOT, f))

async function hashAll(): Promise<Record<string, string>> {
  const all: Record<string, string> = {}
  for (const folder of FOLDERS) {
    const hashes = await hashFolder(folder).catch(() => ({}))
    for (const [file, hash] of Object.entries(hashes))
      all[path.relative(ROOT, path.join(folder, file))] = hash
  }
  return all
}

export default async function setup(): Promise<() => Promise<void>> {
  const before = await hashAll()
  return async () => {
    const after = await hashAll()
    const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (f) => before[f] !== after[f],
    )
    if (changed.length > 0) {
      // vitest reports an error thrown here but still exits 0: set the exit status ourselves.
      process.exitCode = 1
      throw new Error(`committed snapshots were written during the tests: ${changed.join(', ')}`)
    }
  }
}
