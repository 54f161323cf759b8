// A small app whose history table has a rowid id, and a NOT NULL, UNIQUE name (as Knex and many
// hand-written migrators lay it out): refuses-newer must add its unknown migration without copying the id.
import { underWriteLock } from '../under-write-lock.ts'

const MIGRATIONS: [string, string][] = [
  ['0001_notes', 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)'],
  ['0002_tags', "ALTER TABLE notes ADD COLUMN tags TEXT NOT NULL DEFAULT ''"],
  ['0003_tags_index', 'CREATE INDEX idx_notes_tags ON notes (tags)'],
]

/**
 * The initDb of a release that ships the first `count` migrations. Given a database with a migration it
 * does not know, it throws, or with `onUnknown: 'hang'` (a broken release) never returns.
 */
export function makeInitDb(
  count: number,
  options: { onUnknown?: 'throw' | 'hang' } = {},
): (path: string) => void {
  return (path) =>
    underWriteLock(path, (db) => {
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        id INTEGER PRIMARY KEY, migration_name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)`)
      const applied = db.prepare('SELECT migration_name FROM schema_migrations').pluck().all() as string[]
      const known = MIGRATIONS.slice(0, count)
      const unknown = applied.filter((name) => !known.some(([k]) => k === name))
      if (unknown.length > 0) {
        if (options.onUnknown === 'hang') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
        throw new Error(`unknown migrations ${unknown.join(', ')}: a newer release made this database`)
      }
      const record = db.prepare(
        `INSERT INTO schema_migrations (migration_name, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%f', 'now'))`,
      )
      for (const [name, sql] of known) {
        if (applied.includes(name)) continue
        db.exec(sql)
        record.run(name)
      }
    })
}
