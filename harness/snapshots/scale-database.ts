import type { Database } from 'better-sqlite3'
import { listColumns, listTables } from '../data/list-tables.ts'
import { quoteIdent } from '../data/sql-text.ts'
import { uniqueColumns } from './unique-columns.ts'

/**
 * Multiplies the rows of every normal table (except `exclude`, e.g. the history table) by `factor`:
 * each existing row is copied `factor - 1` times inside SQLite, so the copies read like the fixtures
 * they come from. Unique values are kept unique (text gets a `~k` suffix, numbers move by a multiple of
 * the column's span), rowid keys are renumbered, and foreign keys still point at the original parents.
 * Triggers fire as they would in production (full-text indexes grow too). Returns rows added per table.
 *
 * @example scaleDatabase(db, 10_000, ['schema_migrations']) // 20 fixture notes become 200,000
 */
export function scaleDatabase(db: Database, factor: number, exclude: string[] = []): Record<string, number> {
  const copies = Math.floor(factor) - 1
  const added: Record<string, number> = {}
  if (copies < 1) return added
  const skip = new Set(exclude.map((name) => name.toLowerCase()))
  db.transaction(() => {
    for (const table of listTables(db).filter((t) => t.type === 'table' && !skip.has(t.name.toLowerCase()))) {
      const rows = Number(
        db
          .prepare(`SELECT count(*) FROM ${quoteIdent(table.name)}`)
          .pluck()
          .get(),
      )
      if (rows === 0) continue
      added[table.name] = rows * copies
      db.exec(copySql(db, table.name, copies))
    }
  })()
  return added
}

/** One INSERT that copies every row of `table` `copies` times. */
function copySql(db: Database, table: string, copies: number): string {
  const name = quoteIdent(table)
  const columns = listColumns(db, 'main', table)
  const unique = uniqueColumns(db, table)
  const key = columns.filter((c) => c.pk > 0)
  const withoutRowid = /\bWITHOUT\s+ROWID\b/i.test(
    String(db.prepare(`SELECT sql FROM sqlite_schema WHERE name = ?`).pluck().get(table) ?? ''),
  )
  const rowidAlias =
    !withoutRowid && key.length === 1 && key[0]!.type.toUpperCase() === 'INTEGER' ? key[0]!.name : undefined
  const kept = columns.filter((c) => c.name !== rowidAlias)
  const values = kept.map((c) => {
    const column = `o.${quoteIdent(c.name)}`
    if (!unique.has(c.name.toLowerCase()) && !(c.pk > 0)) return column
    const span = `(SELECT coalesce(max(${quoteIdent(c.name)}) - min(${quoteIdent(c.name)}), 0) + 1 FROM ${name})`
    return (
      `CASE typeof(${column}) WHEN 'text' THEN ${column} || '~' || k.i ` +
      `WHEN 'integer' THEN ${column} + k.i * ${span} WHEN 'real' THEN ${column} + k.i * ${span} ` +
      `WHEN 'blob' THEN ${column} || CAST(k.i AS BLOB) ELSE ${column} END`
    )
  })
  const list = kept.map((c) => quoteIdent(c.name)).join(', ')
  // The originals are read into a temporary table first so the copies never copy copies.
  return `
    DROP TABLE IF EXISTS temp.scale_original;
    CREATE TEMP TABLE scale_original AS SELECT ${list} FROM ${name};
    WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${copies})
    INSERT INTO ${name} (${list}) SELECT ${values.join(', ')} FROM k, temp.scale_original AS o ORDER BY k.i;
    DROP TABLE temp.scale_original;`
}
