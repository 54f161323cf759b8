import type { Database } from 'better-sqlite3'

/** How long between two tries of the switch to WAL (ms). */
const RETRY_PAUSE_MS = 20

/**
 * Puts the database in WAL mode. On a rollback-journal database (v0.1.0 made them) the switch needs an
 * exclusive lock, and when another process starting at the same moment holds its write lock and waits to
 * commit, SQLite answers SQLITE_BUSY at once instead of waiting (waiting would deadlock both). The switch
 * changes nothing until it succeeds, so it is tried again until `timeoutMs` has passed.
 */
export function switchToWal(db: Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      db.pragma('journal_mode = WAL')
      return
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RETRY_PAUSE_MS)
    }
  }
}
