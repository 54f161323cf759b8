// Broken for `refuses-newer` and `disk-full`: start-up notes which release last started on the database,
// in a write of its own, before it reads the history and outside any migration's transaction. A newer
// release's database is refused, but already written to; and a start that fails for want of room (its
// migrations rolled back) leaves that write behind, so the database is not as it was before.
import { initDb as currentInitDb } from '../../../app/init-db.ts'
import { withDatabase } from './database.ts'

export function initDb(path: string): void {
  withDatabase(path, (db) =>
    db.exec(`CREATE TABLE IF NOT EXISTS app_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT OR REPLACE INTO app_meta (key, value) VALUES ('last_started_release', '1.0.0')`),
  )
  currentInitDb(path)
}
