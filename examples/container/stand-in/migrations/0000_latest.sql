CREATE TABLE IF NOT EXISTS tokens (id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS idx_tokens_token_hash ON tokens(token_hash);
