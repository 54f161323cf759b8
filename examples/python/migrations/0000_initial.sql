-- 0000_initial: the schema as first released (v0.1.0). Databases made before the migration history
-- existed already hold exactly this, so the start-up path records it as a baseline instead of running it.

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

CREATE INDEX idx_notes_published_at ON notes (published_at DESC);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  me TEXT NOT NULL,
  user_agent TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT
);

CREATE INDEX idx_sessions_expires_at ON sessions (expires_at);

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

CREATE TABLE auth_state (
  state TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  me TEXT,
  scope TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
