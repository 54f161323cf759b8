// Broken for `starts`: after the migrations, start-up adds a drafts table in a transaction it never
// commits, on a connection it never closes (a COMMIT lost in a refactor). The running server would hold
// the write lock for good, and the table would never exist; when the process ends, SQLite drops it. The
// fresh database lacks it as much as the upgraded one, so only the start itself can tell.
import Database from 'better-sqlite3'
import { initDb as currentInitDb } from '../../../app/init-db.ts'

export function initDb(path: string): void {
  currentInitDb(path)
  const db = new Database(path)
  db.exec('BEGIN IMMEDIATE')
  db.exec('CREATE TABLE IF NOT EXISTS note_drafts (id INTEGER PRIMARY KEY, content TEXT NOT NULL)')
}
