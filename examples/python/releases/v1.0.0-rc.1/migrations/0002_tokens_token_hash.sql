-- 0002_tokens_token_hash (v1.0.0-rc.1): bearer tokens are stored only as their SHA-256 hash, and the
-- token endpoint gets its own authorization codes table.
--
-- A plain-text token cannot be kept without defeating the point, so existing tokens are invalidated
-- (not copied): clients sign in again. The table is rebuilt rather than altered because SQLite's
-- ALTER TABLE cannot add a UNIQUE column.

DROP TABLE tokens;

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

CREATE INDEX idx_tokens_token_hash ON tokens (token_hash);

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

CREATE INDEX idx_authorization_codes_expires_at ON authorization_codes (expires_at);
