import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'

/** The schema script this release runs on every start. */
const SCHEMA_FILE = new URL('./schema.sql', import.meta.url)

/**
 * Start-up path of v0.1.0, frozen as shipped: runs the schema script (`CREATE ... IF NOT EXISTS`)
 * and nothing else. This release kept no migration history.
 */
export function initDb(path: string): void {
  const schema = readFileSync(SCHEMA_FILE, 'utf8')
  const db = new Database(path)
  try {
    db.exec(schema)
  } finally {
    db.close()
  }
}
