import type { Database } from 'better-sqlite3'
import { affinityOf } from '../data/affinity.ts'
import { listColumns, listTables, type TableInfo } from '../data/list-tables.ts'
import { foldIdentifier, quoteIdent } from '../data/sql-text.ts'
import { InputError, errorMessage } from '../errors.ts'
import { splitRuleKey, type ScrubAction, type ScrubRules } from './scrub-rules.ts'
import { Scrubber, valueIdentity, type SqlValue } from './scrubber.ts'
import { uniqueColumns } from './unique-columns.ts'

/** How to scrub one database. */
export interface ScrubOptions {
  rules: ScrubRules
  /** What happens to text columns no rule names. */
  scrubDefault: 'hash' | 'keep'
  /** The HMAC key for `hash` and `fake`. */
  key: Buffer
  /** Tables the default never touches (the history table: the harness reads its names). */
  keepTables: string[]
  /** Where the rules came from, for error messages (the rules file). */
  where: string
}

/** One scrubbed column. */
export interface ScrubbedColumn {
  table: string
  column: string
  action: Exclude<ScrubAction, 'keep'>
}

/**
 * The scrubbed columns that SQLite's refusal names (`NOT NULL constraint failed: users.email`, or a
 * CHECK's expression): all of them when it names none (a CHECK given a name of its own).
 */
function blamed(columns: ScrubbedColumn[], reason: string): ScrubbedColumn[] {
  const named = columns.filter((c) => {
    const escaped = c.column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    return new RegExp(`(^|[^A-Za-z0-9_$])${escaped}($|[^A-Za-z0-9_$])`, 'i').test(reason)
  })
  return named.length > 0 ? named : columns
}

/**
 * Applies scrub rules to an open database (a private image, never the source) in one transaction:
 * triggers are set aside so an audit trigger cannot copy originals elsewhere, columns are rewritten
 * by keyed functions, full-text indexes are rebuilt from the scrubbed content (or emptied when they
 * have none to rebuild from), and sampled index keys (`sqlite_stat4`) are dropped. The caller must
 * then VACUUM with `secure_delete` on so no original byte survives in free space.
 * Throws an InputError for a rule naming a missing column or an action the schema refuses.
 */
export function scrubDatabase(
  db: Database,
  options: ScrubOptions,
): { columns: ScrubbedColumn[]; notes: string[] } {
  const plan = planScrub(db, options)
  const notes: string[] = []
  if (plan.length === 0) return { columns: [], notes }
  const scrubber = new Scrubber(options.key)
  const avoid: Set<string>[] = []
  db.function('scrub_hash', { safeIntegers: true, deterministic: true }, (value: unknown) =>
    scrubber.hash(value as SqlValue),
  )
  db.function('scrub_fake', { safeIntegers: true }, (value: unknown, set: unknown) =>
    scrubber.fake(value as SqlValue, avoid[Number(set)]),
  )
  db.pragma('secure_delete = ON')
  // Parent and child keys are rewritten one table at a time; they match again once both are done.
  db.pragma('foreign_keys = OFF')
  const scrubbedTables = new Set(plan.map((p) => foldIdentifier(p.table)))
  const brokenBefore = foreignKeyBreaks(db, scrubbedTables)
  db.transaction(() => {
    const triggers = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'`).all() as {
      name: string
      sql: string
    }[]
    for (const trigger of triggers) db.exec(`DROP TRIGGER ${quoteIdent(trigger.name)}`)
    for (const table of new Set(plan.map((p) => p.table))) {
      const columns = plan.filter((p) => p.table === table)
      const unique = uniqueColumns(db, table)
      const sets = columns.map((c) => {
        const ref = `${quoteIdent(c.column)}`
        if (c.action === 'null') return `${ref} = NULL`
        if (c.action === 'hash') return `${ref} = scrub_hash(${ref})`
        avoid.push(unique.has(c.column.toLowerCase()) ? originals(db, table, c.column) : new Set())
        return `${ref} = scrub_fake(${ref}, ${avoid.length - 1})`
      })
      try {
        db.exec(`UPDATE ${quoteIdent(table)} SET ${sets.join(', ')}`)
      } catch (error) {
        const reason = errorMessage(error)
        const names = blamed(columns, reason)
          .map((c) => `"${c.table}.${c.column}"`)
          .join(', ')
        const hint = 'give each another action ("keep" leaves its values as they are)'
        throw new InputError(`${options.where}: ${names}: cannot scrub (${reason}); ${hint}`, {
          cause: error,
        })
      }
    }
    for (const trigger of triggers) db.exec(trigger.sql)
    for (const table of listTables(db).filter((t) => /\bUSING\s+fts[345]\b/i.test(t.sql))) {
      const command = `INSERT INTO ${quoteIdent(table.name)} (${quoteIdent(table.name)}) VALUES`
      try {
        db.exec(`${command} ('rebuild')`)
      } catch {
        db.exec(`${command} ('delete-all')`)
        notes.push(`full-text index ${table.name} has no content to rebuild from: emptied`)
      }
    }
    for (const stat of ['sqlite_stat3', 'sqlite_stat4']) {
      if (db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = ?`).get(stat)) db.exec(`DELETE FROM ${stat}`)
    }
    // A key scrubbed on one side of a foreign key only (or each side its own way) no longer joins: the
    // snapshot would fail `integrity` for the rules' sake, not the app's.
    const broken = [...foreignKeyBreaks(db, scrubbedTables)].filter(
      ([link, rows]) => rows > (brokenBefore.get(link) ?? 0),
    )
    if (broken.length > 0) {
      const links = broken.map(([link, rows]) => `${link} (${rows} row${rows === 1 ? '' : 's'})`).join(', ')
      throw new InputError(
        `${options.where}: the rules break foreign keys: ${links}; scrub a key and the keys that reference it alike (hash, or fake on both)`,
      )
    }
  })()
  return { columns: plan, notes }
}

/**
 * Rows that break a foreign key, by link (`sessions → tokens`), in the scrubbed tables and the tables
 * that reference them: a child row whose key columns are all set and match no parent row. Counted link
 * by link with a query of its own, so a link SQLite's own check cannot run (its parent key has no
 * unique index, which SQLite accepts while foreign keys are off) hides no other.
 */
function foreignKeyBreaks(db: Database, scrubbed: ReadonlySet<string>): Map<string, number> {
  const links = new Map<string, number>()
  for (const { name } of listTables(db).filter((t) => t.type === 'table')) {
    const keys = db
      .prepare('SELECT id, "table" AS parent, "from", "to" FROM pragma_foreign_key_list(?) ORDER BY id, seq')
      .all(name) as { id: number; parent: string; from: string; to: string | null }[]
    for (const id of new Set(keys.map((k) => k.id))) {
      const link = keys.filter((k) => k.id === id)
      const parent = link[0]!.parent
      if (!scrubbed.has(foldIdentifier(name)) && !scrubbed.has(foldIdentifier(parent))) continue
      // A key that names no parent columns refers to the parent's primary key.
      const primary = db
        .prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk')
        .pluck()
        .all(parent) as string[]
      const to = link.map((k, i) => k.to ?? primary[i])
      if (to.some((column) => column === undefined)) continue
      const set = link.map((k) => `c.${quoteIdent(k.from)} IS NOT NULL`).join(' AND ')
      const match = link.map((k, i) => `p.${quoteIdent(to[i]!)} = c.${quoteIdent(k.from)}`).join(' AND ')
      let rows: number
      try {
        rows = Number(
          db
            .prepare(
              `SELECT count(*) FROM ${quoteIdent(name)} AS c WHERE ${set} AND NOT EXISTS (SELECT 1 FROM ${quoteIdent(parent)} AS p WHERE ${match})`,
            )
            .pluck()
            .get(),
        )
      } catch {
        continue // a parent table or column that is not there: a link that never joined
      }
      if (rows > 0) links.set(`${name} → ${parent}`, (links.get(`${name} → ${parent}`) ?? 0) + rows)
    }
  }
  return links
}

/** The originals of a unique column, so fakes never land on a value another row still holds. */
function originals(db: Database, table: string, column: string): Set<string> {
  const values = db
    .prepare(
      `SELECT DISTINCT ${quoteIdent(column)} FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)} IS NOT NULL`,
    )
    .safeIntegers(true)
    .pluck()
    .all() as Exclude<SqlValue, null>[]
  return new Set(values.map(valueIdentity))
}

/** Every column to change, from the rules and the default; refuses rules naming missing columns. */
function planScrub(db: Database, options: ScrubOptions): ScrubbedColumn[] {
  const tables = listTables(db).filter((t) => t.type === 'table' || ownContentFts(t))
  const byName = new Map(tables.map((t) => [t.name.toLowerCase(), t]))
  const ruled = new Map<string, ScrubAction>()
  for (const [key, action] of Object.entries(options.rules)) {
    const { table, column } = splitRuleKey(key)!
    const info = byName.get(table.toLowerCase())
    const found =
      info && listColumns(db, 'main', info.name).find((c) => c.name.toLowerCase() === column.toLowerCase())
    if (!info || !found)
      throw new InputError(`${options.where}: "${key}": no such column in the captured database`)
    ruled.set(`${info.name}.${found.name}`.toLowerCase(), action)
  }
  const keep = new Set(options.keepTables.map((t) => t.toLowerCase()))
  const plan: ScrubbedColumn[] = []
  for (const table of tables) {
    for (const column of listColumns(db, 'main', table.name)) {
      const textual = table.type === 'virtual' || affinityOf(column.type) === 'TEXT'
      const fallback =
        options.scrubDefault === 'hash' && textual && !keep.has(table.name.toLowerCase()) ? 'hash' : 'keep'
      const action = ruled.get(`${table.name}.${column.name}`.toLowerCase()) ?? fallback
      if (action !== 'keep') plan.push({ table: table.name, column: column.name, action })
    }
  }
  return plan
}

/** A full-text table that stores its own copy of the text (no `content=` option). */
function ownContentFts(table: TableInfo): boolean {
  return (
    table.type === 'virtual' && /\bUSING\s+fts[345]\b/i.test(table.sql) && !/\bcontent\s*=/i.test(table.sql)
  )
}
