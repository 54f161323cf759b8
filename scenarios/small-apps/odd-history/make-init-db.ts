// A small app whose history table is WITHOUT ROWID and named with a space and a quote, its name column
// too: the harness must read, compare and extend such a history as SQLite allows it to be declared.
import { underWriteLock } from '../under-write-lock.ts'

/** The history table and its name column, as the config names them. */
export const HISTORY = { table: 'schema "migs"', column: 'mig name' }

const MIGRATIONS: [string, string][] = [
  ['0001_notes', 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)'],
  ['0002_tags', "ALTER TABLE notes ADD COLUMN tags TEXT NOT NULL DEFAULT ''"],
  ['0003_tags_index', 'CREATE INDEX idx_notes_tags ON notes (tags)'],
]

/** The initDb of a release that ships the first `count` migrations and refuses any it does not know. */
export function makeInitDb(count: number): (path: string) => void {
  return (path) =>
    underWriteLock(path, (db) => {
      db.exec(`CREATE TABLE IF NOT EXISTS "schema ""migs""" (
        "mig name" TEXT PRIMARY KEY, applied_at TEXT NOT NULL) WITHOUT ROWID`)
      const applied = db.prepare('SELECT "mig name" FROM "schema ""migs"""').pluck().all() as string[]
      const known = MIGRATIONS.slice(0, count)
      const unknown = applied.filter((name) => !known.some(([k]) => k === name))
      if (unknown.length > 0)
        throw new Error(`unknown migrations ${unknown.join(', ')}: a newer release made this database`)
      const record = db.prepare(
        `INSERT INTO "schema ""migs""" VALUES (?, strftime('%Y-%m-%dT%H:%M:%f', 'now'))`,
      )
      for (const [name, sql] of known) {
        if (applied.includes(name)) continue
        db.exec(sql)
        record.run(name)
      }
    })
}
