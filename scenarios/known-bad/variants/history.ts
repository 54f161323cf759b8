// Broken for `history`: databases made before 0000_initial was a migration are baselined without
// recording 0000_initial, so their history never matches a fresh database's.
import { initDb as currentInitDb } from '../../../app/init-db.ts'
import { isNewDatabase, withDatabase } from './database.ts'

export function initDb(path: string): void {
  const isNew = isNewDatabase(path)
  currentInitDb(path)
  if (!isNew)
    withDatabase(path, (db) => db.exec("DELETE FROM schema_migrations WHERE migration_name = '0000_initial'"))
}
