// A small app whose start-up begins in the main thread (it opens the database and reads its settings)
// and migrates in a worker thread: the harness's statement hooks see the first part only.
import Database from 'better-sqlite3'
import { Worker } from 'node:worker_threads'

/**
 * The initDb of a release that ships the first `count` migrations, applied by a worker thread; with
 * `atomic` false, each migration and its history row are not in one transaction (a broken release).
 */
export function makeInitDb(count: number, atomic = true): (path: string) => Promise<void> {
  return (path) => {
    const db = new Database(path)
    try {
      db.pragma('busy_timeout = 5000')
    } finally {
      db.close()
    }
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./migrate-worker.mjs', import.meta.url), {
        workerData: { path, count, atomic },
      })
      worker.once('error', reject)
      worker.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`)),
      )
    })
  }
}
