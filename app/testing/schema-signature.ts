import Database from 'better-sqlite3'

/**
 * A comparable description of a database's schema: every object of sqlite_master with its SQL
 * normalised (quotes dropped, whitespace collapsed), so that a table made by a rebuild and rename
 * equals the same table made by a script; plus each table's columns as SQLite reports them, and
 * the header settings that an upgrade must leave as a fresh start does.
 */
export function schemaSignature(path: string): string[] {
  const db = new Database(path, { readonly: true })
  try {
    const objects = db
      .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'")
      .all() as { type: string; name: string; tbl_name: string; sql: string | null }[]
    const lines = objects.map(
      (object) => `${object.type} ${object.name} on ${object.tbl_name}: ${normalise(object.sql)}`,
    )
    for (const object of objects.filter((candidate) => candidate.type === 'table')) {
      for (const column of db.pragma(`table_xinfo("${object.name}")`) as Record<string, unknown>[]) {
        lines.push(`column ${object.name}.${JSON.stringify(column)}`)
      }
    }
    for (const pragma of ['journal_mode', 'user_version', 'application_id', 'auto_vacuum', 'encoding']) {
      lines.push(`pragma ${pragma}=${String(db.pragma(pragma, { simple: true }))}`)
    }
    return lines.sort()
  } finally {
    db.close()
  }
}

function normalise(sql: string | null): string {
  if (sql === null) return '(none)'
  return sql
    .replace(/["'`]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1')
    .trim()
}
