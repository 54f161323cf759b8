/**
 * A stand-in release for developing the image build without the reference app: it reads its migrations
 * next to itself (as the app does, through import.meta.url) and reproduces rc.1's start-up bug, the
 * latest schema script run before the migrations.
 */
import { readFileSync } from 'node:fs'

import Database from 'better-sqlite3'

/** Create or upgrade the database at `path`; fails on a database whose `tokens` lacks `token_hash`. */
export function initDb(path: string): void {
  const db = new Database(path)
  try {
    db.exec(readFileSync(new URL('./migrations/0000_latest.sql', import.meta.url), 'utf8'))
  } finally {
    db.close()
  }
}
