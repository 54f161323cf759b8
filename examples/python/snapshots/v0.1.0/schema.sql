-- Snapshot v0.1.0: version 0.1.0, regenerated, written by SQLite 3.53.2.
-- History: schema_migrations.migration_name: no history table
-- user_version 0, application_id 0, journal_mode delete, encoding UTF-8, 4 tables.
-- Written by upgrade-harness for review; the database file is the source of truth.

CREATE TABLE auth_state (
  state TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  me TEXT,
  scope TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);

CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  content TEXT NOT NULL,
  content_type TEXT NOT NULL DEFAULT 'text/markdown',
  in_reply_to TEXT,
  like_count INTEGER NOT NULL DEFAULT 0,
  published_at TEXT NOT NULL,
  updated_at TEXT
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  me TEXT NOT NULL,
  user_agent TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT
);

CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,
  me TEXT NOT NULL,
  client_id TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
);

CREATE INDEX idx_notes_published_at ON notes (published_at DESC);

CREATE INDEX idx_sessions_expires_at ON sessions (expires_at);
