// The start-up shape every small scenario app shares: the write lock taken before anything is read, the
// work done in one transaction, the file closed whatever happens.
import Database from 'better-sqlite3'

/** Opens `path`, runs `work` in one `BEGIN IMMEDIATE` transaction (rolled back if it throws), closes it. */
export function underWriteLock(path: string, work: (db: Database.Database) => void): void {
  const db = new Database(path)
  try {
    db.pragma('busy_timeout = 5000')
    db.exec('BEGIN IMMEDIATE')
    try {
      work(db)
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  } finally {
    db.close()
  }
}
