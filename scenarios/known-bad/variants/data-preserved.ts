// Broken for `data-preserved`: a rebuild of notes on upgrade copied only the public ones; every draft
// and private note of an existing database is gone.
import { initDb as currentInitDb } from '../../../app/init-db.ts'
import { isNewDatabase, withDatabase } from './database.ts'

export function initDb(path: string): void {
  const isNew = isNewDatabase(path)
  currentInitDb(path)
  if (!isNew) withDatabase(path, (db) => db.exec("DELETE FROM notes WHERE visibility <> 'public'"))
}
