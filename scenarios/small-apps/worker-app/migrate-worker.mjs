// The worker thread that does the worker app's start-up: the statements run here, not in the main thread.
import { workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

const MIGRATIONS = [
  ['0001_notes', 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)'],
  ['0002_tags', "ALTER TABLE notes ADD COLUMN tags TEXT NOT NULL DEFAULT ''"],
  ['0003_tags_index', 'CREATE INDEX idx_notes_tags ON notes (tags)'],
]

const db = new Database(workerData.path)
try {
  db.pragma('busy_timeout = 5000')
  // better-sqlite3's own transaction, taken with BEGIN IMMEDIATE: the write lock before the history is read.
  const migrate = db.transaction(() => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (migration_name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
    )
    const applied = db.prepare('SELECT migration_name FROM schema_migrations').pluck().all()
    const known = MIGRATIONS.slice(0, workerData.count)
    const unknown = applied.filter((name) => !known.some(([k]) => k === name))
    if (unknown.length > 0)
      throw new Error(`unknown migrations ${unknown.join(', ')}: a newer release made this database`)
    for (const [name, sql] of known) {
      if (applied.includes(name)) continue
      db.exec(sql)
      db.prepare(`INSERT INTO schema_migrations VALUES (?, strftime('%Y-%m-%dT%H:%M:%f', 'now'))`).run(name)
    }
  })
  migrate.immediate()
} finally {
  db.close()
}
