// Broken for `integrity`, quietly: migration 0003 makes the full-text index and the triggers that keep it
// in step, but lacks its 'rebuild' line, so the notes already there are never indexed. Reading notes_fts
// reads notes (external content), so the rows all look present; searches simply never find them.
import { MIGRATIONS_DIR } from '../../../app/init-db.ts'
import { applyPending } from '../../../app/migrate.ts'
import { readMigrationFiles } from '../../../app/migration-files.ts'
import { withDatabase } from './database.ts'

/** The statement of 0003 that indexes the existing notes. */
const BACKFILL = "INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');"

export function initDb(path: string): void {
  const migrations = readMigrationFiles(MIGRATIONS_DIR).map((migration) => {
    if (migration.name !== '0003_notes_fts') return migration
    if (!migration.sql.includes(BACKFILL)) throw new Error(`0003_notes_fts no longer holds "${BACKFILL}"`)
    return { ...migration, sql: migration.sql.replace(BACKFILL, '') }
  })
  withDatabase(path, (db) => {
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = OFF')
    applyPending(db, migrations)
  })
}
