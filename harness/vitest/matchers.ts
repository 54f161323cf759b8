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
import { canonicalDefault, canonicalType } from '../inspect/read-tables.ts'
import type { IndexKeyModel, IndexModel, SchemaModel } from '../inspect/model.ts'
import { canonicalName, normalizeExpression } from '../inspect/normalize-sql.ts'
import { tokenize } from '../inspect/tokenize.ts'
import type {
  ColumnExpectation,
  DatabaseLike,
  IndexExpectation,
  SchemaMatchers,
} from './schema-matchers-types.ts'
import { assertHistorySpec, assertKnownKeys, assertName, assertNames } from './matcher-arguments.ts'
import { whatElseItIs } from './what-else-it-is.ts'

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
 * An index key as a test writes it (`email`, `lower(email)`, `c DESC`, `f COLLATE NOCASE`), read the way
 * the schema model keeps keys. Order and collation are compared only when the test states them.
 */
interface KeyExpectation {
  column: string
  desc?: boolean
  collation?: string
}

function expectedKey(text: string): KeyExpectation {
  const tokens = tokenize(text)
  const word = (at: number): string => (tokens[at]?.kind === 'word' ? tokens[at].value.toUpperCase() : '')
  let desc: boolean | undefined
  // Alone, the word is the key's column: SQLite lets a column be named `desc` or `asc`.
  if (tokens.length > 1 && (word(tokens.length - 1) === 'DESC' || word(tokens.length - 1) === 'ASC')) {
    desc = word(tokens.length - 1) === 'DESC'
    tokens.pop()
  }
  let collation: string | undefined
  if (tokens.length > 2 && word(tokens.length - 2) === 'COLLATE') {
    collation = tokens.at(-1)!.value.toUpperCase()
    tokens.splice(-2)
  }
  const only =
    tokens.length === 1 && (tokens[0]!.kind === 'word' || tokens[0]!.kind === 'quoted')
      ? tokens[0]
      : undefined
  const column = only ? canonicalName(only.value) : normalizeExpression(tokens)
  return { column, ...(desc !== undefined && { desc }), ...(collation !== undefined && { collation }) }
}

function keyMatches(key: IndexKeyModel, expected: KeyExpectation): boolean {
  return (
    key.column === expected.column &&
    (expected.desc === undefined || key.desc === expected.desc) &&
    (expected.collation === undefined || key.collation === expected.collation)
  )
}

/** An index as `toHaveIndex` sees it; `kind` names one SQLite made for a constraint, which has no name. */
type CandidateIndex = IndexModel & { kind?: 'UNIQUE constraint' | 'PRIMARY KEY' }

function indexesOn(model: SchemaModel, table: string): CandidateIndex[] {
  const name = canonicalName(table)
  const t = model.tables[name]
  // UNIQUE constraints are indexes too; model them as such so a test need not care how one was declared.
  // So is a primary key that is not the rowid (a TEXT key, WITHOUT ROWID): SQLite keeps a unique index
  // for it exactly as for a UNIQUE constraint.
  const constraint = (columns: string[], kind: CandidateIndex['kind']): CandidateIndex => ({
    name: '',
    kind,
    table: name,
    unique: true,
    where: undefined,
    keys: columns.map((text) => {
      const key = expectedKey(text)
      const declared = t?.columns.find((c) => c.name === key.column)?.collation ?? 'BINARY'
      return {
        column: key.column,
        expression: false,
        desc: key.desc ?? false,
        collation: key.collation ?? declared,
      }
    }),
  })
  const constraints = (t?.uniques ?? []).map((u) => constraint(u.columns, 'UNIQUE constraint'))
  if (t?.primaryKeyIndex) constraints.push(constraint(t.primaryKeyIndex, 'PRIMARY KEY'))
  return [...Object.values(model.indexes).filter((i) => i.table === name), ...constraints]
}

/** How a message names an index: its name, or the constraint SQLite made it for. */
function indexLabel(index: CandidateIndex): string {
  return index.name || index.kind || 'UNIQUE constraint'
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

/**
 * The history as the matcher compares it: names in order, or the user_version number; `noTable` names
 * the history table when the database has none (its history reads as empty), and `isInstead` says what
 * the name is then, if anything (a view: the harness reads history from a table only).
 */
function appliedMigrations(
  db: Database.Database,
  history: HistorySpec,
): { applied: string[] | number; noTable?: string; isInstead?: string } {
  if (!('pragma' in history)) {
    // A wrong column name is a mistake in the test (or its history spec), not a history that differs.
    // table_xinfo, not table_info: a generated column (which table_info leaves out) can hold the history.
    const columns = db
      .prepare('SELECT name FROM pragma_table_xinfo(?)')
      .pluck()
      .all(history.table) as string[]
    if (columns.length > 0 && !columns.some((c) => c.toLowerCase() === history.column.toLowerCase()))
      throw new Error(
        `toHaveAppliedMigrations: history table ${history.table} has no column ${history.column} (columns: ${columns.join(', ')})`,
      )
  }
  const names = readHistory(db, history)
  if ('pragma' in history) return { applied: userVersionOf(names ?? []) }
  if (names !== undefined) return { applied: names }
  const isInstead = whatElseItIs(inspectConnection(db), history.table)
  return { applied: [], noTable: history.table, ...(isInstead !== undefined && { isInstead }) }
}

/** What a test asked of an index beyond its keys: ` (unique, named idx_x, WHERE x > 0)`. */
function describeIndexExpectation(props: IndexExpectation): string {
  const parts = [
    props.unique === undefined ? '' : props.unique ? 'unique' : 'not unique',
    props.name === undefined ? '' : `named ${props.name}`,
    props.where === undefined ? '' : props.where === null ? 'not partial' : `WHERE ${props.where}`,
  ].filter(Boolean)
  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}
