// Broken for `integrity`: on upgrade, a backfill links a session to a token id that does not exist
// (it turns foreign keys off for the backfill, so SQLite does not stop it).
import { initDb as currentInitDb } from '../../../app/init-db.ts'
import { isNewDatabase, withDatabase } from './database.ts'

export function initDb(path: string): void {
  const isNew = isNewDatabase(path)
  currentInitDb(path)
  if (isNew) return
  withDatabase(path, (db) => {
    db.pragma('foreign_keys = OFF')
    db.exec('UPDATE sessions SET token_id = 424242 WHERE rowid = (SELECT min(rowid) FROM sessions)')
  })
}
