import Database from 'better-sqlite3'
import type { HistorySpec } from '../config/types.ts'
import { readHistory as readHistoryOf } from '../snapshots/read-history.ts'

/**
 * The migration history of a database file, oldest first: the history table's names in insertion
 * order, or for a `user_version` history `user_version N`. A missing history table is an empty history
 * (a database made before the table existed). Opens the file read-only; only ever given working copies.
 */
export function readHistory(dbPath: string, spec: HistorySpec): string[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    return readHistoryOf(db, spec) ?? []
  } finally {
    db.close()
  }
}
