import Database from 'better-sqlite3'

/** Whether the file holds no table yet (a new install, as opposed to an upgrade). */
export function isNewDatabase(path: string): boolean {
  return withDatabase(
    path,
    (db) => db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() === 0,
  )
}

/** Opens the database, runs `work`, and closes it whatever happens. */
export function withDatabase<T>(path: string, work: (db: Database.Database) => T): T {
  const db = new Database(path)
  try {
    db.pragma('busy_timeout = 5000')
    return work(db)
  } finally {
    db.close()
  }
}
