import type { Database } from 'better-sqlite3'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { registerDir } from '../targets/process/child-registry.ts'
import { makeBundleDir } from '../targets/module/bundle-location.ts'
import { compareData } from './compare-data.ts'
import { runWorker } from './run-worker.ts'
import type { DataCompareOptions, DataComparison } from './types.ts'

/** Databases at least this large are compared on a worker thread. */
export const OFF_THREAD_BYTES = 32 * 1024 * 1024

let bundled: Promise<string> | undefined

/** A database file, and a read-only connection to it already open (or opened on demand) on this thread. */
export interface OpenFile {
  dbPath: string
  connection(): Database
}

/**
 * {@link compareData}, on a worker thread when `after` is large, so that the gate's other checks (a
 * second start waiting for its process, a worker running integrity_check) go on meanwhile instead of
 * waiting for one long query. Small databases are compared here, on `after`'s own connection: a worker
 * costs more than it saves.
 */
export async function compareDataOffThread(
  before: string,
  after: OpenFile,
  options: DataCompareOptions,
): Promise<DataComparison> {
  if ((await stat(after.dbPath)).size < OFF_THREAD_BYTES)
    return compareData(before, after.connection(), options)
  return runWorker<DataComparison>(await workerFile(), { before, after: after.dbPath, options })
}

/** The worker's entry bundled to JavaScript, once per process, removed when the process ends. */
function workerFile(): Promise<string> {
  bundled ??= (async () => {
    const entry = fileURLToPath(new URL('./compare-data-worker.ts', import.meta.url))
    const dir = makeBundleDir(entry)
    registerDir(dir)
    const outfile = join(dir, 'compare-data-worker.mjs')
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node}`,
      packages: 'external',
      logLevel: 'silent',
    })
    return outfile
  })()
  return bundled
}
