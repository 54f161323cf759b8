// The worker thread that does the mixed app's migrations.
import { workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

// 0002's backfill is slow (it counts to three million to keep 3,000 rows), so that most moments of the
// upgrade fall between its first statement and its history row.
const MIGRATIONS = [
  ['0001_notes', 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)'],
  [
    '0002_tags',
    `ALTER TABLE notes ADD COLUMN tags TEXT NOT NULL DEFAULT '';
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000)
     INSERT INTO notes (body, tags) SELECT 'note ' || i, 'imported' FROM n WHERE i % 1000 = 0`,
  ],
  [
    '0003_tags_index',
    'CREATE INDEX idx_notes_tags ON notes (tags); ALTER TABLE notes ADD COLUMN pinned INTEGER',
  ],
]

const db = new Database(workerData.path)
try {
  db.pragma('busy_timeout = 5000')
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (migration_name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
  )
  const known = MIGRATIONS.slice(0, workerData.count)
  const history = () => db.prepare('SELECT migration_name FROM schema_migrations').pluck().all()
  const record = db.prepare(`INSERT INTO schema_migrations VALUES (?, strftime('%Y-%m-%dT%H:%M:%f', 'now'))`)
  const apply = (name, sql) => {
    const applied = history()
    const unknown = applied.filter((a) => !known.some(([k]) => k === a))
    if (unknown.length > 0)
      throw new Error(`unknown migrations ${unknown.join(', ')}: a newer release made this database`)
    if (applied.includes(name)) return
    db.exec(sql)
    record.run(name)
  }
  for (const [name, sql] of known) {
    // Broken: the migration's statements and its history row each commit on their own.
    if (workerData.atomic) db.transaction(apply).immediate(name, sql)
    else apply(name, sql)
  }
} catch (error) {
  // An SqliteError reaches the main thread without its message: send one that keeps it.
  throw new Error(error.message, { cause: error })
} finally {
  db.close()
}
