import Database from 'better-sqlite3'
import { DEFAULT_HISTORY } from '../config/defaults.ts'
import { leaveNoSideFiles } from '../inspect/leave-no-side-files.ts'
import type { HistorySpec } from '../config/types.ts'
import { describeColumn, describeIndex, describeTable } from '../diff/describe.ts'
import { diffSchemas } from '../diff/diff-schemas.ts'
import { renderSchemaDiffText } from '../diff/render-schema-diff.ts'
import type { DiffOptions } from '../diff/types.ts'
import { inspectConnection } from '../inspect/inspect-connection.ts'
import { inspectDatabase } from '../inspect/inspect-database.ts'
import { canonicalDefault, canonicalType } from '../inspect/read-tables.ts'
import type { SchemaModel } from '../inspect/model.ts'
import { canonicalName, normalizeExpression } from '../inspect/normalize-sql.ts'
import type {
  ColumnExpectation,
  DatabaseLike,
  IndexExpectation,
  SchemaMatchers,
} from './schema-matchers-types.ts'
import { assertHistorySpec, assertKnownKeys, assertName, assertNames } from './matcher-arguments.ts'
import { whatElseItIs } from './what-else-it-is.ts'
import { appliedMigrations } from './applied-migrations.ts'
import {
  describeIndexExpectation,
  expectedKey,
  indexesOn,
  indexLabel,
  keyMatches,
} from './index-candidates.ts'

// What each options object may hold, checked against its type so that a new field cannot be refused.
const COLUMN_PROPERTIES = Object.keys({
  type: true,
  notNull: true,
  default: true,
  primaryKey: true,
  collation: true,
  generated: true,
  unique: true,
} satisfies Record<keyof ColumnExpectation, true>)
const INDEX_PROPERTIES = Object.keys({ name: true, unique: true, where: true } satisfies Record<
  keyof IndexExpectation,
  true
>)
const DIFF_OPTIONS = Object.keys({
  expectedLabel: true,
  actualLabel: true,
  strictColumnOrder: true,
  comparePageSize: true,
  ignore: true,
} satisfies Record<keyof DiffOptions, true>)

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
  const check = (what: string, want: unknown, got: unknown, ok = want === got): void => {
    if (!ok) wrong.push(`${what}: expected ${String(want)}, got ${String(got)}`)
  }
  if (props.type !== undefined) check('type', canonicalType(props.type) || '(none)', c.type || '(none)')
  if (props.notNull !== undefined) check('notNull', props.notNull, c.notNull)
  if (props.default !== undefined) {
    // Read as the model reads a stored default: `-1` (tokenized `- 1`), `+5` (5) and `(0)` would
    // otherwise never equal the column's, and `NULL` is no default.
    check('default', canonicalDefault(props.default) ?? 'none', c.default ?? 'none')
  }
  if (props.primaryKey !== undefined) {
    const ok =
      typeof props.primaryKey === 'number'
        ? c.primaryKey === props.primaryKey
        : c.primaryKey > 0 === props.primaryKey
    check('primaryKey', props.primaryKey, c.primaryKey, ok)
  }
  if (props.collation !== undefined)
    check('collation', props.collation.toUpperCase(), c.collation ?? 'BINARY')
  if (props.generated !== undefined) check('generated', props.generated, c.generated?.storage ?? false)
  if (props.unique !== undefined) {
    // A constraint's key is kept as written (`a COLLATE NOCASE`, `a DESC`): read its column out of it.
    const unique = t.uniques.some(
      (u) => u.columns.length === 1 && expectedKey(u.columns[0]!).column === c.name,
    )
    check('unique', props.unique, unique)
  }
  return wrong
}

/**
 * Matchers for `expect.extend(schemaMatchers)`: a received database (file path or better-sqlite3
 * connection) checked against a schema, a column, an index or a migration history.
 *
 * @example expect(upgradedPath).toMatchSchema(freshPath, { expectedLabel: 'fresh', actualLabel: 'upgraded' })
 */
export const schemaMatchers = {
  toMatchSchema(received: DatabaseLike, expected: DatabaseLike, options: DiffOptions = {}): MatcherResult {
    assertKnownKeys('toMatchSchema', 'options', options, DIFF_OPTIONS)
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
    assertName('toHaveColumn', 'table', table)
    assertName('toHaveColumn', 'column', column)
    assertKnownKeys('toHaveColumn', 'column properties', props, COLUMN_PROPERTIES)
    const model = modelOf(received)
    const t = model.tables[canonicalName(table)]
    const other = t ? undefined : whatElseItIs(model, table)
    // Its columns are not in the model: neither "has" nor "has not" can be judged, so both fail.
    if (other)
      throw new Error(`toHaveColumn(${table}, ${column}): ${table} is ${other}, not an ordinary table`)
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
    assertName('toHaveIndex', 'table', table)
    assertNames('toHaveIndex', 'columns', columns, { nonEmpty: true })
    assertKnownKeys('toHaveIndex', 'index properties', props, INDEX_PROPERTIES)
    const model = modelOf(received)
    const other = model.tables[canonicalName(table)] ? undefined : whatElseItIs(model, table)
    // The model keeps the indexes of ordinary tables only (a view or a virtual table cannot have one, a
    // shadow table's are SQLite's own): "(none)" would read as a table that lost its indexes.
    if (other)
      throw new Error(
        `toHaveIndex(${table}, [${columns.join(', ')}]): ${table} is ${other}, not an ordinary table`,
      )
    const candidates = indexesOn(model, table)
    const keys = columns.map(expectedKey)
    const found = candidates.find(
      (i) =>
        i.keys.length === keys.length &&
        i.keys.every((key, k) => keyMatches(key, keys[k]!)) &&
        (props.name === undefined || i.name === canonicalName(props.name)) &&
        (props.unique === undefined || i.unique === props.unique) &&
        (props.where === undefined ||
          i.where === (props.where === null ? undefined : normalizeExpression(props.where))),
    )
    const existing = candidates.map((i) => `${indexLabel(i)} ${describeIndex(i)}`).join('; ')
    const wanted = `${table}(${columns.join(', ')})${describeIndexExpectation(props)}`
    return {
      pass: found !== undefined,
      message: () =>
        found
          ? `expected no index on ${wanted}, found ${indexLabel(found)} ${describeIndex(found)}`
          : model.tables[canonicalName(table)]
            ? `expected an index on ${wanted}; indexes on ${table}: ${existing || '(none)'}`
            : `expected an index on ${wanted}; there is no table ${table} (tables: ${Object.keys(model.tables).join(', ') || '(none)'})`,
    }
  },

  toHaveAppliedMigrations(
    received: DatabaseLike,
    names: readonly string[] | number,
    history: HistorySpec = DEFAULT_MATCHER_HISTORY,
  ): MatcherResult {
    assertNames('toHaveAppliedMigrations', 'the history', names, { orNumber: true })
    assertHistorySpec('toHaveAppliedMigrations', history)
    const { applied, noTable, isInstead } = withConnection(received, (db) => appliedMigrations(db, history))
    const noTableNote = noTable
      ? ` (the database has no table ${noTable}${isInstead ? `: it is ${isInstead}` : ''})`
      : ''
    if (typeof names === 'number' && Array.isArray(applied)) {
      // A count against a history table: how many names it holds (a name list never equals a number).
      const pass = applied.length === names
      return {
        pass,
        message: () =>
          `expected ${pass ? 'other than ' : ''}${names} applied migrations, history holds ${applied.length}: ${JSON.stringify(applied)}${noTableNote}`,
        actual: applied.length,
        expected: names,
      }
    }
    const expected = 'pragma' in history && typeof names !== 'number' ? names.length : names
    const pass = JSON.stringify(applied) === JSON.stringify(expected)
    return {
      pass,
      message: () =>
        pass
          ? `expected a history other than ${JSON.stringify(expected)}`
          : `expected applied migrations ${JSON.stringify(expected)}, history holds ${JSON.stringify(applied)}${noTableNote}`,
      actual: applied,
      expected,
    }
  },
} satisfies Record<keyof SchemaMatchers, (received: DatabaseLike, ...args: never[]) => MatcherResult>
