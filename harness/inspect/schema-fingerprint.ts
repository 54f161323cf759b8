import type { Database } from 'better-sqlite3'
import { readSettings } from './read-settings.ts'

/**
 * Everything a schema model (`inspectConnection`) is made from, as one string: every `sqlite_schema` row and the
 * database-wide settings. Two databases with the same fingerprint have the same schema model, so
 * comparing fingerprints (one query) can stand in for inspecting and diffing (dozens of queries and a
 * parse of every statement) when nothing differs; different fingerprints prove nothing, since the same
 * schema can be written in other words.
 *
 * @example schemaFingerprint(upgraded) === schemaFingerprint(fresh) // the models are equal
 */
export function schemaFingerprint(db: Database): string {
  const rows = db
    .prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name')
    .raw()
    .all()
  return JSON.stringify({ settings: readSettings(db), rows })
}
