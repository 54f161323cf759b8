import Database from 'better-sqlite3'

/** The migration history of a database file, in rowid order (empty without a history table). */
export function historyOf(path: string): string[] {
  const db = new Database(path, { readonly: true })
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").get()
    if (table === undefined) return []
    return db.prepare('SELECT migration_name FROM schema_migrations ORDER BY rowid').pluck().all() as string[]
  } finally {
    db.close()
  }
}

/** Rows per table of a database file, user tables only. */
export function rowCounts(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true })
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[]
    return Object.fromEntries(
      tables.map((table) => [table, db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number]),
    )
  } finally {
    db.close()
  }
}
