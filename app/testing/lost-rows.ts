import Database from 'better-sqlite3'

/**
 * Rows of `beforePath` missing from `afterPath`, per table, comparing the columns that both
 * versions of a table have (in SQL, so a large file costs no memory). Tables that are gone count
 * every row. Only tables with at least one lost row are listed.
 */
export function lostRows(beforePath: string, afterPath: string): Record<string, number> {
  const db = new Database(afterPath, { readonly: true })
  try {
    db.prepare('ATTACH DATABASE ? AS before').run(beforePath)
    const tablesIn = (schema: string) =>
      db
        .prepare(
          `SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'`,
        )
        .pluck()
        .all() as string[]
    const after = new Set(tablesIn('main'))
    const lost: Record<string, number> = {}
    for (const table of tablesIn('before')) {
      const count = (sql: string) => db.prepare(sql).pluck().get() as number
      const columnsIn = (schema: string) =>
        (db.pragma(`${schema}.table_info("${table}")`) as { name: string }[]).map((column) => column.name)
      const afterColumns = after.has(table) ? new Set(columnsIn('main')) : new Set<string>()
      const shared = columnsIn('before')
        .filter((column) => afterColumns.has(column))
        .map((column) => `"${column}"`)
        .join(', ')
      const missing = shared
        ? count(
            `SELECT count(*) FROM (SELECT ${shared} FROM before."${table}" EXCEPT SELECT ${shared} FROM main."${table}")`,
          )
        : count(`SELECT count(*) FROM before."${table}"`)
      if (missing > 0) lost[table] = missing
    }
    return lost
  } finally {
    db.close()
  }
}
