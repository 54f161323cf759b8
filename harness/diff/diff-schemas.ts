import { foldIdentifier } from '../data/sql-text.ts'
import type {
  DatabaseSettings,
  IndexModel,
  SchemaModel,
  ViewModel,
  VirtualTableModel,
} from '../inspect/model.ts'
import { SIMPLE_IDENTIFIER } from '../inspect/normalize-sql.ts'
import { tokenize } from '../inspect/tokenize.ts'
import { describeIndex, describeIndexKey, describeVirtualTable } from './describe.ts'
import { DifferenceBuilder, WHOLE_OBJECT } from './difference-builder.ts'
import { diffTables } from './diff-tables.ts'
import { applyIgnoreRules } from './ignore-rules.ts'
import type { DiffOptions, SchemaDiff } from './types.ts'

/** Label of the expected side when none is given. */
export const DEFAULT_EXPECTED_LABEL = 'expected'
/** Label of the actual side when none is given. */
export const DEFAULT_ACTUAL_LABEL = 'actual'

function diffSettings(
  out: DifferenceBuilder,
  e: DatabaseSettings,
  a: DatabaseSettings,
  pageSize: boolean,
): void {
  const object = 'database'
  out.compare(object, 'user_version', String(e.userVersion), String(a.userVersion))
  out.compare(object, 'application_id', String(e.applicationId), String(a.applicationId))
  out.compare(object, 'auto_vacuum', e.autoVacuum, a.autoVacuum)
  out.compare(object, 'journal mode', e.wal ? 'WAL' : 'rollback journal', a.wal ? 'WAL' : 'rollback journal')
  out.compare(object, 'encoding', e.encoding, a.encoding)
  if (pageSize) out.compare(object, 'page_size', String(e.pageSize), String(a.pageSize))
}

/**
 * What the SQL comparison of a view cannot see: result columns whose case differs (an alias, or a
 * column of a table it selects *), and a view that no longer compiles. Other differences in its columns
 * come from its query or its tables, which are told already; their order is not compared.
 */
function diffViewColumns(out: DifferenceBuilder, e: ViewModel, a: ViewModel): void {
  const sorted = (names: string[]): string => [...names].sort((x, y) => x.localeCompare(y)).join(', ')
  const broken = (v: ViewModel): boolean => v.columns.some((c) => c.startsWith('(cannot be read'))
  if (broken(e) !== broken(a)) {
    out.compare(`view ${e.name}`, 'columns', sorted(e.columns), sorted(a.columns))
    return
  }
  const [en, an] = [givenNames(e), givenNames(a)]
  const folded = (names: string[]): string => sorted(names.map(foldIdentifier))
  if (folded(en) === folded(an) && sorted(en) !== sorted(an))
    out.compare(`view ${e.name}`, 'columns', sorted(en), sorted(an))
}

/**
 * A view's result columns that are names: an alias (`AS "Total Count"`, `AS 'n'`, `AS total`), or a
 * column a table declares. An unaliased expression is named by its text as written (`x IS NULL`), which
 * is formatting, no difference; such a text is never one token of the view's SQL, while an alias that
 * is no plain identifier is one quoted token (a space in `"Total Count"` does not make it an expression).
 */
function givenNames(v: ViewModel): string[] {
  // The model's SQL has its names folded, so a name is looked for in any case.
  const spelled = new Set(
    tokenize(v.sql).flatMap((t) => {
      if (t.kind === 'word' || t.kind === 'quoted') return [t.value.toLowerCase()]
      return t.kind === 'string' ? [t.text.slice(1, -1).replaceAll("''", "'").toLowerCase()] : []
    }),
  )
  return v.columns.filter((c) => SIMPLE_IDENTIFIER.test(c) || spelled.has(c.toLowerCase()))
}

/**
 * What the canonical arguments of a virtual table cannot see: a column whose name differs only in case
 * (`fts5(Title)` and `fts5(title)`), which keys the rows `SELECT *` returns. Other differences in its
 * columns are told by its arguments already.
 */
function diffVirtualTableColumns(out: DifferenceBuilder, e: VirtualTableModel, a: VirtualTableModel): void {
  const sorted = (names: string[]): string => [...names].sort((x, y) => x.localeCompare(y)).join(', ')
  const folded = (names: string[]): string => sorted(names.map(foldIdentifier))
  if (folded(e.columns) === folded(a.columns) && sorted(e.columns) !== sorted(a.columns))
    out.compare(`virtual table ${e.name}`, 'columns', sorted(e.columns), sorted(a.columns))
}

function entries<T>(record: Record<string, T>): Map<string, T> {
  return new Map(Object.entries(record))
}

/**
 * Every difference between two schema models, each once, grouped by object (the database's settings,
 * then tables, indexes, views, triggers, virtual tables), phrased from the two labels.
 *
 * @example diffSchemas(fresh, upgraded, { expectedLabel: 'fresh', actualLabel: 'upgraded' }).differences[0]?.message
 * // 'table tokens: column token_hash: missing after upgrade (fresh: TEXT NOT NULL UNIQUE)'
 */
export function diffSchemas(
  expected: SchemaModel,
  actual: SchemaModel,
  options: DiffOptions = {},
): SchemaDiff {
  const expectedLabel = options.expectedLabel ?? DEFAULT_EXPECTED_LABEL
  const actualLabel = options.actualLabel ?? DEFAULT_ACTUAL_LABEL
  const out = new DifferenceBuilder(expectedLabel, actualLabel)
  diffSettings(out, expected.settings, actual.settings, options.comparePageSize ?? false)
  diffTables(out, expected.tables, actual.tables, { strictColumnOrder: options.strictColumnOrder ?? false })
  out.keyed(entries(expected.indexes), entries(actual.indexes), {
    missing: (key, i) => out.missing(`index ${key}`, WHOLE_OBJECT, describeIndex(i)),
    extra: (key, i) => out.extra(`index ${key}`, WHOLE_OBJECT, describeIndex(i)),
    both: (e, a) => {
      const object = `index ${e.name}`
      out.compare(object, 'table', e.table, a.table)
      out.compare(object, 'unique', e.unique ? 'UNIQUE' : 'not unique', a.unique ? 'UNIQUE' : 'not unique')
      const keys = (i: IndexModel): string => i.keys.map(describeIndexKey).join(', ')
      out.compare(object, 'keys', keys(e), keys(a))
      out.compare(object, 'WHERE', e.where ?? '(not partial)', a.where ?? '(not partial)')
    },
  })
  for (const kind of ['view', 'trigger'] as const) {
    const pick = (m: SchemaModel): Map<string, { name: string; sql: string }> =>
      entries<{ name: string; sql: string }>(kind === 'view' ? m.views : m.triggers)
    out.keyed(pick(expected), pick(actual), {
      missing: (key, v) => out.missing(`${kind} ${key}`, WHOLE_OBJECT, v.sql),
      extra: (key, v) => out.extra(`${kind} ${key}`, WHOLE_OBJECT, v.sql),
      both: (e, a) => out.compare(`${kind} ${e.name}`, 'sql', e.sql, a.sql),
    })
  }
  for (const [key, e] of entries(expected.views)) {
    const a = actual.views[key]
    if (a) diffViewColumns(out, e, a)
  }
  out.keyed(entries(expected.virtualTables), entries(actual.virtualTables), {
    missing: (key, v) => out.missing(`virtual table ${key}`, WHOLE_OBJECT, describeVirtualTable(v)),
    extra: (key, v) => out.extra(`virtual table ${key}`, WHOLE_OBJECT, describeVirtualTable(v)),
    both: (e, a) => {
      out.compare(`virtual table ${e.name}`, 'module', e.module, a.module)
      out.compare(`virtual table ${e.name}`, 'arguments', e.arguments.join(', '), a.arguments.join(', '))
      diffVirtualTableColumns(out, e, a)
    },
  })
  return { expectedLabel, actualLabel, ...applyIgnoreRules(out.differences, options.ignore ?? []) }
}
