-- The first released schema (v0.1.0): published notes, sign-in sessions of the site's owner,
-- access tokens issued to Micropub clients, and the state of pending IndieAuth sign-ins.
-- IF NOT EXISTS because v0.1.0 ran this script on every start.

CREATE TABLE IF NOT EXISTS notes (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  content TEXT NOT NULL,
  content_type TEXT NOT NULL DEFAULT 'text/plain',
  in_reply_to TEXT,
  published_at TEXT NOT NULL,
  updated_at TEXT,
  visibility TEXT NOT NULL DEFAULT 'public',
  like_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS idx_notes_published_at ON notes (published_at DESC);

CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  me TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT,
  user_agent TEXT,
  ip_address TEXT
);
CREATE INDEX IF NOT EXISTS idx_sessions_expires_at ON sessions (expires_at);

CREATE TABLE IF NOT EXISTS tokens (
  id INTEGER PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,
  me TEXT NOT NULL,
  client_id TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT '',
  issued_at TEXT NOT NULL,
  expires_at TEXT,
  revoked INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS auth_state (
  state TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  me TEXT,
  scope TEXT,
  created_at TEXT NOT NULL
);
