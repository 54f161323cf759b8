-- Snapshot v1.0.0-rc.1: version 1.0.0-rc.1, regenerated, written by SQLite 3.53.2.
-- History: schema_migrations.migration_name: 0001_auth_state_code_verifier, 0002_tokens_token_hash
-- user_version 0, application_id 0, journal_mode delete, encoding UTF-8, 6 tables.
-- Written by upgrade-harness for review; the database file is the source of truth.

CREATE TABLE auth_state (
  state TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  me TEXT,
  scope TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  code_verifier TEXT
);

CREATE TABLE authorization_codes (
  code_hash TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  me TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT '',
  code_challenge TEXT,
  code_challenge_method TEXT CHECK (code_challenge_method IN ('S256', 'plain')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
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

CREATE TABLE schema_migrations (
  migration_name TEXT PRIMARY KEY,
  applied_at TEXT NOT NULL
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
  token_hash TEXT NOT NULL UNIQUE,
  me TEXT NOT NULL,
  client_id TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
);

CREATE INDEX idx_authorization_codes_expires_at ON authorization_codes (expires_at);

CREATE INDEX idx_notes_published_at ON notes (published_at DESC);

CREATE INDEX idx_sessions_expires_at ON sessions (expires_at);

CREATE INDEX idx_tokens_token_hash ON tokens (token_hash);
