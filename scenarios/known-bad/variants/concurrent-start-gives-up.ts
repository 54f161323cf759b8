// Broken for `concurrent-start`: a start that finds another process holding the write lock gives up at
// once and returns as if the upgrade were done, trusting the other to finish ("someone is migrating").
// Every process succeeds and the file ends up right, but the app in the process that gave up runs on a
// database half upgraded. Only what each start left behind it as it returned can tell.
import Database from 'better-sqlite3'
import { MIGRATIONS_DIR } from '../../../app/init-db.ts'
import { applyPending } from '../../../app/migrate.ts'
import { readMigrationFiles } from '../../../app/migration-files.ts'

export function initDb(path: string): void {
  const db = new Database(path, { timeout: 0 })
  try {
    applyPending(db, readMigrationFiles(MIGRATIONS_DIR))
  } catch (error) {
    if (!isBusy(error)) throw error
  } finally {
    db.close()
  }
}

function isBusy(error: unknown): boolean {
  const code = (e: unknown) => (e as { code?: unknown } | null)?.code
  return code(error) === 'SQLITE_BUSY' || code((error as { cause?: unknown } | null)?.cause) === 'SQLITE_BUSY'
}
