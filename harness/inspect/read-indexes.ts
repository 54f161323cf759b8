import type { Database } from 'better-sqlite3'
import { canonicalName } from './normalize-sql.ts'
import { parseCreateIndex } from './parse-create-index.ts'
import type { IndexKeyModel, IndexModel } from './model.ts'

interface IndexKeyRow {
  tbl: string
  idx: string
  unique: number
  seqno: number
  cid: number
  name: string | null
  desc: number
  coll: string | null
}

/** Key columns of every index made by CREATE INDEX, in one query. */
const INDEX_KEYS_SQL = `SELECT m.tbl_name AS tbl, m.name AS idx, i."unique", x.seqno, x.cid, x.name, x."desc", x.coll
  FROM sqlite_schema AS m JOIN pragma_index_list(m.tbl_name) AS i ON i.name = m.name
    JOIN pragma_index_xinfo(m.name) AS x
  WHERE m.type = 'index' AND m.sql IS NOT NULL AND x.key = 1
  ORDER BY m.name, x.seqno`

/**
 * Every index made by CREATE INDEX. Autoindexes of UNIQUE and PRIMARY KEY constraints have no SQL and
 * are modelled on their table instead, so their `sqlite_autoindex_*` numbering never matters.
 */
export function readIndexes(
  db: Database,
  sqlByName: Map<string, string>,
  names?: ReadonlySet<string>,
): Record<string, IndexModel> {
  const rows = db.prepare(INDEX_KEYS_SQL).all() as IndexKeyRow[]
  const indexes: Record<string, IndexModel> = {}
  const parsedByIndex = new Map<string, ReturnType<typeof parseCreateIndex>>()
  for (const row of rows) {
    const name = canonicalName(row.idx)
    let parsed = parsedByIndex.get(name)
    if (!parsed) {
      parsed = parseCreateIndex(sqlByName.get(row.idx) ?? '', names)
      parsedByIndex.set(name, parsed)
    }
    let index = indexes[name]
    if (!index) {
      index = { name, table: canonicalName(row.tbl), unique: row.unique === 1, keys: [], where: parsed.where }
      indexes[name] = index
    }
    // cid -2 marks an expression key: only the statement's text says which expression.
    const expression = row.cid === -2
    const key: IndexKeyModel = {
      column: expression ? (parsed.keys[row.seqno] ?? '?') : canonicalName(row.name ?? ''),
      expression,
      desc: row.desc === 1,
      collation: (row.coll ?? 'BINARY').toUpperCase(),
    }
    index.keys.push(key)
  }
  return indexes
}
