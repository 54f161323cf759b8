import Database from 'better-sqlite3'
import path from 'node:path'
import { runWorker } from '../data/run-worker.ts'
import { quoteIdent } from '../data/sql-text.ts'
import { errorMessage } from '../errors.ts'
import { parseVirtualTable } from '../inspect/parse-virtual-table.ts'
import { copyDatabaseInto } from '../snapshots/copy-database.ts'
import { createTempFolder } from '../snapshots/working-copy.ts'

/** An FTS5 table that indexes the rows of another table (`content = 'notes'`). */
interface ExternalContentIndex {
  name: string
  /** The `content = ...` argument as written, to quote in a message. */
  content: string
}

/**
 * What is wrong with the database's external-content FTS5 indexes, one line each; empty when each
 * agrees with its content table. `PRAGMA integrity_check` checks such an index only against itself, and
 * reading the virtual table reads the content table, so an index that misses every row its table held
 * before the upgrade (a migration that creates it without its `'rebuild'`) passes every other check
 * while searches find none of those rows. FTS5 compares the two only through an INSERT command, which a
 * read-only connection refuses, so it runs on a throw-away copy, made only when there is such an index
 * (and on a worker thread with `offThread`, for a large database).
 */
export async function fullTextIndexProblems(
  db: Database.Database,
  dbPath: string,
  options: { offThread: boolean },
): Promise<string[]> {
  const indexes = externalContentIndexes(db)
  if (indexes.length === 0) return []
  await using folder = await createTempFolder()
  const copyPath = path.join(folder.path, path.basename(dbPath))
  await copyDatabaseInto(dbPath, copyPath)
  const tables = indexes.map((index) => index.name)
  const errors = options.offThread
    ? await runWorker<(string | undefined)[]>(new URL('./full-text-worker.mjs', import.meta.url), {
        copyPath,
        tables,
      })
    : integrityCheckErrors(copyPath, tables)
  return indexes.flatMap((index, i) => {
    const error = errors[i]
    if (error === undefined) return []
    const table = quoteIdent(index.name)
    return [
      `full-text index "${index.name}" does not match its table (${index.content}): FTS5 integrity-check says ` +
        `"${error}"; an index made over existing rows needs INSERT INTO ${table} (${table}) VALUES ('rebuild')`,
    ]
  })
}

/** FTS5's integrity-check of each table on this thread: its error message, or undefined when it agrees. */
function integrityCheckErrors(copyPath: string, tables: string[]): (string | undefined)[] {
  const copy = new Database(copyPath, { fileMustExist: true })
  try {
    return tables.map((name) => {
      const table = quoteIdent(name)
      try {
        copy.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`)
        return undefined
      } catch (error) {
        return errorMessage(error)
      }
    })
  } finally {
    copy.close()
  }
}

function externalContentIndexes(db: Database.Database): ExternalContentIndex[] {
  const rows = db
    .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
    .all() as { name: string; sql: string }[]
  return rows.flatMap((row) => {
    const { module, arguments: args } = parseVirtualTable(row.sql)
    if (module !== 'fts5') return []
    const content = args.find((arg) => /^content\s*=/i.test(arg))
    // `content = ''` is a contentless index: there is no table to compare it with.
    const value = content?.replace(/^content\s*=\s*/i, '').replace(/^(['"])(.*)\1$/, '$2')
    return content !== undefined && value !== '' ? [{ name: row.name, content }] : []
  })
}
