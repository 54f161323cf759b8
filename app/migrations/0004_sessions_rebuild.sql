-- A session now remembers the access token it was opened with and ends when that token is deleted
-- (ON DELETE CASCADE); a session can no longer expire before it starts (CHECK). SQLite cannot add
-- either to an existing table, so the table is rebuilt following its documented ALTER TABLE
-- procedure. The runner turns foreign keys off around this transaction and checks them before commit.
CREATE TABLE sessions_new (
  id TEXT PRIMARY KEY,
  me TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT,
  user_agent TEXT,
  ip_address TEXT,
  token_id INTEGER REFERENCES tokens (id) ON DELETE CASCADE,
  CHECK (expires_at >= created_at)
);
INSERT INTO sessions_new (id, me, created_at, expires_at, last_seen_at, user_agent, ip_address)
  SELECT id, me, created_at, expires_at, last_seen_at, user_agent, ip_address FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX idx_sessions_expires_at ON sessions (expires_at);
CREATE INDEX idx_sessions_token_id ON sessions (token_id);
