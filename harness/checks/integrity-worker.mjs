// Runs `integrity` on a worker thread for large databases, so that it reads alongside the gate's other
// reading checks instead of after them. Plain JavaScript: a worker cannot load TypeScript by itself.
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

const db = new Database(workerData.dbPath, { readonly: true, fileMustExist: true })
try {
  const integrity = db.pragma('integrity_check').map((row) => row.integrity_check)
  const violations = db.pragma('foreign_key_check')
  parentPort.postMessage({ integrity, violations })
} finally {
  db.close()
}
