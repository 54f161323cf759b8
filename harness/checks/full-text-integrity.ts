import type { Database } from 'better-sqlite3'
import { quoteIdent } from '../data/sql-text.ts'
import { errorMessage } from '../errors.ts'
import { parseVirtualTable } from '../inspect/parse-virtual-table.ts'

/** An FTS5 table that indexes the rows of another table (`content = 'notes'`). */
interface ExternalContentIndex {
  name: string
  /** The content table's name. */
  content: string
  /** The `content = ...` argument, to quote in a message. */
  argument: string
}

/**
 * What is wrong with the database's external-content FTS5 indexes, one line each: an index that holds
 * no rows while its table holds some. `PRAGMA integrity_check` checks such an index only against itself,
 * and reading the virtual table reads the content table, so an index made over existing rows without
 * its `'rebuild'` passes every other check while searches find none of them. FTS5's own
 * `integrity-check` would compare index and table row by row, but it also refuses an index that leaves
 * rows out or indexes transformed text by design, and it runs only as an INSERT (on a copy); an empty
 * index over a table with rows is wrong whatever the design. An index whose row count FTS5 does not
 * keep (`columnsize = 0`) is not judged.
 */
export function fullTextIndexProblems(db: Database): string[] {
  return externalContentIndexes(db).flatMap((index) => {
    const indexed = indexedRows(db, index.name)
    if (indexed === undefined || indexed > 0) return []
    const table = quoteIdent(index.name)
    let hasRows: boolean
    try {
      hasRows =
        db
          .prepare(`SELECT EXISTS (SELECT 1 FROM ${quoteIdent(index.content)})`)
          .pluck()
          .get() === 1
    } catch (error) {
      return [
        `full-text index "${index.name}" reads its rows from ${index.argument}, which cannot be read (${errorMessage(error)})`,
      ]
    }
    if (!hasRows) return []
    return [
      `full-text index "${index.name}" holds none of the rows of its table (${index.argument}): an index made ` +
        `over existing rows needs INSERT INTO ${table} (${table}) VALUES ('rebuild')`,
    ]
  })
}

/** How many rows an FTS5 index holds, by its `_docsize` shadow table; undefined without one. */
function indexedRows(db: Database, name: string): number | undefined {
  const docsize = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name = ? COLLATE NOCASE`)
    .pluck()
    .get(`${name}_docsize`) as string | undefined
  if (docsize === undefined) return undefined
  return Number(
    db
      .prepare(`SELECT count(*) FROM ${quoteIdent(docsize)}`)
      .pluck()
      .get(),
  )
}

function externalContentIndexes(db: Database): ExternalContentIndex[] {
  const rows = db
    .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
    .all() as { name: string; sql: string }[]
  return rows.flatMap((row) => {
    const { module, arguments: args } = parseVirtualTable(row.sql)
    if (module !== 'fts5') return []
    const argument = args.find((arg) => /^content\s*=/i.test(arg))
    // `content = ''` is a contentless index: there is no table to compare it with.
    const content = argument?.replace(/^content\s*=\s*/i, '').replace(/^(['"])(.*)\1$/, '$2')
    return argument !== undefined && content ? [{ name: row.name, content, argument }] : []
  })
}
