// Broken for `matches-fresh`: new installs take a fast path (a schema script) that has drifted from the
// migrations: it creates an index that no migration creates, so upgraded databases never get it.
import { initDb as currentInitDb } from '../../../app/init-db.ts'
import { isNewDatabase, withDatabase } from './database.ts'

export function initDb(path: string): void {
  const isNew = isNewDatabase(path)
  currentInitDb(path)
  if (isNew) withDatabase(path, (db) => db.exec('CREATE INDEX idx_notes_visibility ON notes (visibility)'))
}
