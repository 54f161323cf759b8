// A small app whose history is `PRAGMA user_version` instead of a table: version N means the first N
// migrations are applied. Each release ships a prefix of the same list.
import { underWriteLock } from '../under-write-lock.ts'

const MIGRATIONS = [
  'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)',
  "ALTER TABLE notes ADD COLUMN tags TEXT NOT NULL DEFAULT ''",
  'CREATE INDEX idx_notes_tags ON notes (tags)',
]

/** The initDb of a release that ships the first `count` migrations; `bumpVersion: false` forgets to record them. */
export function makeInitDb(count: number, options: { bumpVersion?: boolean } = {}): (path: string) => void {
  return (path) =>
    underWriteLock(path, (db) => {
      const version = db.pragma('user_version', { simple: true }) as number
      if (version > count) throw new Error(`user_version ${version} is newer than this release (${count})`)
      for (let i = version; i < count; i++) db.exec(MIGRATIONS[i]!)
      if (options.bumpVersion !== false) db.pragma(`user_version = ${count}`)
    })
}
