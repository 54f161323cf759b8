import type { Database } from 'better-sqlite3'
import { quoteIdent } from '../data/sql-text.ts'

/**
 * Lower-cased names of a table's columns whose values must stay unique on their own or together with
 * others: columns of unique indexes (UNIQUE and PRIMARY KEY constraints included) and the rowid key.
 * With `unlessWith`, an index that also holds that column is left out (a new value there keeps its rows
 * apart whatever the others hold).
 */
export function uniqueColumns(db: Database, table: string, unlessWith?: string): Set<string> {
  const names = new Set<string>()
  const indexes = db.prepare(`PRAGMA index_list(${quoteIdent(table)})`).all() as {
    name: string
    unique: number
  }[]
  for (const index of indexes.filter((i) => i.unique === 1)) {
    const info = db.prepare(`PRAGMA index_info(${quoteIdent(index.name)})`).all() as { name: string | null }[]
    if (unlessWith !== undefined && info.some((c) => c.name?.toLowerCase() === unlessWith.toLowerCase()))
      continue
    for (const column of info) if (column.name !== null) names.add(column.name.toLowerCase())
  }
  const key = (
    db.prepare(`PRAGMA table_info(${quoteIdent(table)})`).all() as { name: string; pk: number }[]
  ).filter((c) => c.pk > 0)
  if (key.length === 1) names.add(key[0]!.name.toLowerCase())
  return names
}
