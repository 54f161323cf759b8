import Database from 'better-sqlite3'
import { DEFAULT_HISTORY } from '../config/defaults.ts'
import { leaveNoSideFiles } from '../inspect/leave-no-side-files.ts'
import { userVersionOf } from '../checks/history.ts'
import { readHistory } from '../snapshots/read-history.ts'
import type { HistorySpec } from '../config/types.ts'
import { describeColumn, describeIndex, describeTable } from '../diff/describe.ts'
import { diffSchemas } from '../diff/diff-schemas.ts'
import { renderSchemaDiffText } from '../diff/render-schema-diff.ts'
import type { DiffOptions } from '../diff/types.ts'
import { inspectConnection } from '../inspect/inspect-connection.ts'
import { inspectDatabase } from '../inspect/inspect-database.ts'
import type { IndexModel, SchemaModel } from '../inspect/model.ts'
import { canonicalName, normalizeExpression } from '../inspect/normalize-sql.ts'
import { tokenize } from '../inspect/tokenize.ts'
import type {
  ColumnExpectation,
  DatabaseLike,
  IndexExpectation,
  SchemaMatchers,
} from './schema-matchers-types.ts'

/** Where `toHaveAppliedMigrations` reads history when none is given. */
export const DEFAULT_MATCHER_HISTORY: HistorySpec = DEFAULT_HISTORY

interface MatcherResult {
  pass: boolean
  message: () => string
  actual?: unknown
  expected?: unknown
}

function modelOf(db: DatabaseLike): SchemaModel {
  if (typeof db === 'string') return inspectDatabase(db)
  if (db instanceof Database) return inspectConnection(db)
  throw new TypeError(`expected a database file path or a better-sqlite3 Database, got ${typeof db}`)
}

function withConnection<T>(db: DatabaseLike, use: (db: Database.Database) => T): T {
  if (typeof db !== 'string') return use(db)
  using _sideFiles = leaveNoSideFiles(db)
  const own = new Database(db, { readonly: true, fileMustExist: true })
  try {
    return use(own)
  } finally {
    own.close()
  }
}

function columnMismatches(
  model: SchemaModel,
  table: string,
  column: string,
  props: ColumnExpectation,
): string[] {
  const t = model.tables[canonicalName(table)]
  const c = t?.columns.find((x) => x.name === canonicalName(column))
  if (!t || !c) return []
  const wrong: string[] = []
  const check = (what: string, ok: boolean, got: unknown): void => {
    if (!ok) wrong.push(`${what}: got ${String(got)}`)
  }
  if (props.type !== undefined) check('type', c.type === props.type.toUpperCase().trim(), c.type || '(none)')
  if (props.notNull !== undefined) check('notNull', c.notNull === props.notNull, c.notNull)
  if (props.default !== undefined) {
    const want = props.default === null ? undefined : normalizeExpression(props.default)
    check('default', c.default === want, c.default ?? 'none')
  }
  if (props.primaryKey !== undefined) {
    const ok =
      typeof props.primaryKey === 'number'
        ? c.primaryKey === props.primaryKey
        : c.primaryKey > 0 === props.primaryKey
    check('primaryKey', ok, c.primaryKey)
  }
  if (props.collation !== undefined)
    check('collation', (c.collation ?? 'BINARY') === props.collation.toUpperCase(), c.collation ?? 'BINARY')
  if (props.generated !== undefined)
    check('generated', (c.generated?.storage ?? false) === props.generated, c.generated?.storage ?? false)
  if (props.unique !== undefined) {
    const unique = t.uniques.some((u) => u.columns.length === 1 && u.columns[0] === c.name)
    check('unique', unique === props.unique, unique)
  }
  return wrong
}

function keyText(key: string): string {
  return tokenize(key).length === 1 ? canonicalName(tokenize(key)[0]?.value ?? key) : normalizeExpression(key)
}

function indexesOn(model: SchemaModel, table: string): IndexModel[] {
  const name = canonicalName(table)
  const explicit = Object.values(model.indexes).filter((i) => i.table === name)
  // UNIQUE constraints are indexes too; model them as such so a test need not care how one was declared.
  const constraints = (model.tables[name]?.uniques ?? []).map((u) => ({
    name: '',
    table: name,
    unique: true,
    where: undefined,
    keys: u.columns.map((column) => ({ column, expression: false, desc: false, collation: 'BINARY' })),
  }))
  return [...explicit, ...constraints]
}

/**
 * Matchers for `expect.extend(schemaMatchers)`: a received database (file path or better-sqlite3
 * connection) checked against a schema, a column, an index or a migration history.
 *
 * @example expect(upgradedPath).toMatchSchema(freshPath, { expectedLabel: 'fresh', actualLabel: 'upgraded' })
 */
export const schemaMatchers = {
  toMatchSchema(received: DatabaseLike, expected: DatabaseLike, options: DiffOptions = {}): MatcherResult {
    const diff = diffSchemas(modelOf(expected), modelOf(received), options)
    const text = renderSchemaDiffText(diff)
    return {
      pass: diff.differences.length === 0,
      message: () => (diff.differences.length === 0 ? `expected schemas to differ, but: ${text}` : text),
    }
  },

  toHaveColumn(
    received: DatabaseLike,
    table: string,
    column: string,
    props: ColumnExpectation = {},
  ): MatcherResult {
    const model = modelOf(received)
    const t = model.tables[canonicalName(table)]
    const c = t?.columns.find((x) => x.name === canonicalName(column))
    const wrong = columnMismatches(model, table, column, props)
    const pass = c !== undefined && wrong.length === 0
    return {
      pass,
      message: () => {
        if (!t)
          return `expected table ${table} to exist; tables: ${Object.keys(model.tables).join(', ') || '(none)'}`
        if (!c) return `expected table ${table} to have column ${column}; it is ${t.name} ${describeTable(t)}`
        if (pass) return `expected table ${table} not to have column ${column} (${describeColumn(c, t)})`
        return `table ${table}: column ${column} (${describeColumn(c, t)}): ${wrong.join('; ')}`
      },
    }
  },

  toHaveIndex(
    received: DatabaseLike,
    table: string,
    columns: string[],
    props: IndexExpectation = {},
  ): MatcherResult {
    const candidates = indexesOn(modelOf(received), table)
    const keys = columns.map(keyText)
    const found = candidates.find(
      (i) =>
        i.keys.map((k) => k.column).join('\u0000') === keys.join('\u0000') &&
        (props.name === undefined || i.name === canonicalName(props.name)) &&
        (props.unique === undefined || i.unique === props.unique) &&
        (props.where === undefined ||
          i.where === (props.where === null ? undefined : normalizeExpression(props.where))),
    )
    const existing = candidates.map((i) => `${i.name || 'UNIQUE constraint'} ${describeIndex(i)}`).join('; ')
    return {
      pass: found !== undefined,
      message: () =>
        found
          ? `expected no index on ${table}(${keys.join(', ')}), found ${found.name || 'UNIQUE constraint'}`
          : `expected an index on ${table}(${keys.join(', ')})${props.unique ? ' (unique)' : ''}; indexes on ${table}: ${existing || '(none)'}`,
    }
  },

  toHaveAppliedMigrations(
    received: DatabaseLike,
    names: readonly string[] | number,
    history: HistorySpec = DEFAULT_MATCHER_HISTORY,
  ): MatcherResult {
    const applied = withConnection(received, (db) => appliedMigrations(db, history))
    const expected = 'pragma' in history && typeof names !== 'number' ? names.length : names
    const pass = JSON.stringify(applied) === JSON.stringify(expected)
    return {
      pass,
      message: () =>
        pass
          ? `expected a history other than ${JSON.stringify(expected)}`
          : `expected applied migrations ${JSON.stringify(expected)}, history holds ${JSON.stringify(applied)}`,
      actual: applied,
      expected,
    }
  },
} satisfies Record<keyof SchemaMatchers, (received: DatabaseLike, ...args: never[]) => MatcherResult>

/** The history as the matcher compares it: names in order, or the user_version number. */
function appliedMigrations(db: Database.Database, history: HistorySpec): string[] | number {
  const names = readHistory(db, history) ?? []
  return 'pragma' in history ? userVersionOf(names) : names
}
