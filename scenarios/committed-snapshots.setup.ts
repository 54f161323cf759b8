// Global setup of the whole test run: the sha256 of every file under snapshots/ (and examples' snapshot
// folders) before the first test and after the last. Any file changed, added or removed fails the run:
// committed snapshots are never written to, whatever a test or a target does.
import path from 'node:path'
import { hashFolder } from '../harness/snapshots/hash-folder.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const FOLDERS = ['snapshots', 'examples/python/snapshots'].map((f) => path.join(ROOT, f))

/**
 * Every file's sha256, by its path from the root. A folder that cannot be read is an error before the
 * tests (the guard would guard nothing), and after them a change of its own (a test removed it).
 */
async function hashAll(when: 'before' | 'after'): Promise<Record<string, string>> {
  const all: Record<string, string> = {}
  for (const folder of FOLDERS) {
    const hashes = await hashFolder(folder).catch((error: unknown) => {
      if (when === 'before') throw error
      return { '': `unreadable: ${String(error)}` }
    })
    for (const [file, hash] of Object.entries(hashes))
      all[path.relative(ROOT, path.join(folder, file))] = hash
  }
  return all
}

export default async function setup(): Promise<() => Promise<void>> {
  const before = await hashAll('before')
  return async () => {
    const after = await hashAll('after')
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
