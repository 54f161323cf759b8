// Broken for `idempotent`: every start seeds a welcome note, without checking for one, so each restart
// of the server adds another.
import { initDb as currentInitDb } from '../../../app/init-db.ts'
import { withDatabase } from './database.ts'

export function initDb(path: string): void {
  currentInitDb(path)
  withDatabase(path, (db) =>
    db.exec(
      "INSERT INTO notes (slug, content, published_at) SELECT 'welcome-' || count(*), 'Welcome to your new site!', '2025-01-01T00:00:00Z' FROM notes",
    ),
  )
}
