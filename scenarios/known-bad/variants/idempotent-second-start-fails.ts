// Broken for `idempotent`, loudly: after the migrations, start-up creates a table of its own without
// IF NOT EXISTS. The first start on any database works; every restart of the server fails with
// "table note_drafts already exists".
import { initDb as currentInitDb } from '../../../app/init-db.ts'
import { withDatabase } from './database.ts'

export function initDb(path: string): void {
  currentInitDb(path)
  withDatabase(path, (db) =>
    db.exec('CREATE TABLE note_drafts (id INTEGER PRIMARY KEY, content TEXT NOT NULL)'),
  )
}
