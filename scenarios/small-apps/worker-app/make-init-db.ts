// A small app whose start-up runs in a worker thread: the harness's statement hooks see none of its
// statements, so interrupted kills it at moments and disk-full says it cannot fill its disk.
import Database from 'better-sqlite3'
import { Worker } from 'node:worker_threads'

/** The initDb of a release that ships the first `count` migrations, applied by a worker thread. */
export function makeInitDb(count: number): (path: string) => Promise<void> {
  // The main thread uses better-sqlite3 too (as an app that reads its settings first would).
  void Database
  return (path) =>
    new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./migrate-worker.mjs', import.meta.url), {
        workerData: { path, count },
      })
      worker.once('error', reject)
      worker.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`)),
      )
    })
}
