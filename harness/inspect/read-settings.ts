import type { Database } from 'better-sqlite3'
import { readDatabaseHeader } from './read-header.ts'
import type { DatabaseSettings } from './model.ts'

const AUTO_VACUUM_MODES = ['none', 'full', 'incremental'] as const

function pragmaNumber(db: Database, name: string): number {
  return Number(db.pragma(name, { simple: true }))
}

/** True when the connection is to a file on disk (not `:memory:` or a temporary database). */
function isFileBacked(db: Database): boolean {
  return db.name !== '' && db.name !== ':memory:' && !db.memory
}

/**
 * Database-wide settings. WAL is read from the file header rather than `PRAGMA journal_mode`, which
 * would report the connection's mode and may itself change the file.
 */
export function readSettings(db: Database): DatabaseSettings {
  const header = isFileBacked(db) ? readDatabaseHeader(db.name) : undefined
  return {
    userVersion: pragmaNumber(db, 'user_version'),
    applicationId: pragmaNumber(db, 'application_id'),
    autoVacuum: AUTO_VACUUM_MODES[pragmaNumber(db, 'auto_vacuum')] ?? 'none',
    wal: header?.wal ?? false,
    encoding: String(db.pragma('encoding', { simple: true })),
    pageSize: pragmaNumber(db, 'page_size'),
  }
}
