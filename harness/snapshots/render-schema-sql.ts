import type { Database } from 'better-sqlite3'
import { listTables } from '../data/list-tables.ts'

/** What the header of `schema.sql` says about the snapshot. */
export interface SchemaSqlHeader {
  name: string
  version: string
  sqliteVersion: string
  source: string
  /** One line describing the migration history. */
  history: string
}

/** Order of object kinds in schema.sql: what indexes and triggers refer to comes first. */
const KIND_ORDER: Record<string, number> = { table: 0, view: 1, index: 2, trigger: 3 }

/**
 * A readable `schema.sql` for review: a comment header (snapshot, version, SQLite version, history,
 * database-wide pragmas), then every CREATE statement of sqlite_schema in a stable order (tables,
 * views, indexes, triggers; each by name), each ending in `;`. SQLite's own objects and the shadow
 * tables of virtual tables are left out: they are made by the statements that are listed.
 */
export function renderSchemaSql(db: Database, header: SchemaSqlHeader): string {
  const shadow = new Set(
    (db.prepare('PRAGMA main.table_list').all() as { name: string; type: string }[])
      .filter((t) => t.type === 'shadow')
      .map((t) => t.name),
  )
  const rows = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`,
    )
    .all() as { type: string; name: string; sql: string }[]
  const statements = rows
    .filter((row) => !shadow.has(row.name))
    .sort(
      (a, b) =>
        (KIND_ORDER[a.type] ?? 9) - (KIND_ORDER[b.type] ?? 9) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    )
    .map((row) => `${row.sql.trim().replace(/;$/, '')};`)
  const pragma = (name: string): string => String(db.pragma(name, { simple: true }))
  const lines = [
    `-- Snapshot ${header.name}: version ${header.version}, ${header.source}, written by SQLite ${header.sqliteVersion}.`,
    `-- History: ${header.history}`,
    `-- user_version ${pragma('user_version')}, application_id ${pragma('application_id')}, ` +
      `journal_mode ${pragma('journal_mode')}, encoding ${pragma('encoding')}, ` +
      `${listTables(db).length} tables.`,
    '-- Written by upgrade-harness for review; the database file is the source of truth.',
    '',
    ...statements.flatMap((statement) => [statement, '']),
  ]
  return lines.join('\n')
}
