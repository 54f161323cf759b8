-- Access tokens are kept as SHA-256 hashes from now on. The plain-text tokens are not copied: a
-- stored secret cannot be made safe after the fact, so every client signs in again.
CREATE TABLE tokens_new (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  me TEXT NOT NULL,
  client_id TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT '',
  issued_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
);
DROP TABLE tokens;
ALTER TABLE tokens_new RENAME TO tokens;
CREATE INDEX idx_tokens_token_hash ON tokens (token_hash);

-- The authorization endpoint's codes, exchanged once for a token. IF NOT EXISTS because the
-- start-up script of v1.0.0-rc.1 creates this table before the migrations run.
CREATE TABLE IF NOT EXISTS authorization_codes (
  code_hash TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  me TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT '',
  code_challenge TEXT,
  code_challenge_method TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
