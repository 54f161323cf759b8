// Broken for `refuses-newer`, more quietly: start-up notes which release last started on the database
// before it reads the history. A newer release's database is refused, but already written to: the
// release rolled back to has changed the file that the newer one expects to find as it left it.
import { initDb as currentInitDb } from '../../../app/init-db.ts'
import { withDatabase } from './database.ts'

export function initDb(path: string): void {
  withDatabase(path, (db) =>
    db.exec(`CREATE TABLE IF NOT EXISTS app_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT OR REPLACE INTO app_meta (key, value) VALUES ('last_started_release', '1.0.0')`),
  )
  currentInitDb(path)
}
