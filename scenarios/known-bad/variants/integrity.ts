// Broken for `integrity`: on upgrade, a backfill links a session to a token id that does not exist
// (foreign keys are off on this connection, so SQLite does not stop it).
import { initDb as currentInitDb } from '../../../app/init-db.ts'
import { isNewDatabase, withDatabase } from './database.ts'

export function initDb(path: string): void {
  const isNew = isNewDatabase(path)
  currentInitDb(path)
  if (!isNew) withDatabase(path, (db) => db.exec('UPDATE sessions SET token_id = 424242 WHERE rowid = (SELECT min(rowid) FROM sessions)'))
}
