// Runs FTS5's integrity-check of external-content indexes on a worker thread for large databases, so
// that it reads alongside the gate's other reading checks. Plain JavaScript, as integrity-worker.mjs.
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

const db = new Database(workerData.copyPath, { fileMustExist: true })
try {
  const errors = workerData.tables.map((name) => {
    const table = `"${name.replaceAll('"', '""')}"`
    try {
      db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`)
      return undefined
    } catch (error) {
      return error instanceof Error ? error.message : String(error)
    }
  })
  parentPort.postMessage(errors)
} finally {
  db.close()
}
