import type { ColumnModel, ForeignKeyModel, TableModel } from '../inspect/model.ts'
import { canonicalName } from '../inspect/normalize-sql.ts'
import { tokenize } from '../inspect/tokenize.ts'
import {
  describeColumn,
  describeGenerated,
  describeNotNull,
  describeReference,
  describeTable,
} from './describe.ts'
import { WHOLE_OBJECT, type DifferenceBuilder } from './difference-builder.ts'

/** A constraint's conflict resolution; ABORT when the statement names none. */
function conflictOf(constraint: { onConflict?: string }): string {
  return constraint.onConflict ?? 'ABORT'
}

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]))
}

function fkKey(fk: ForeignKeyModel): string {
  return `FOREIGN KEY (${fk.columns.join(', ')}) REFERENCES ${fk.parent}`
}

function diffColumn(out: DifferenceBuilder, object: string, e: ColumnModel, a: ColumnModel): void {
  const p = `column ${e.name}`
  // Result rows are keyed by the declared spelling: `createdAt` and `createdat` are one column to SQLite
  // and two properties to an app.
  out.compare(object, `${p}: spelling`, e.spelling, a.spelling)
  // The affinity says whether a different spelling also stores values differently.
  const type = (c: ColumnModel): string => `${c.type || '(none)'} (${c.affinity} affinity)`
  out.compare(object, `${p}: type`, e.type === a.type ? '' : type(e), e.type === a.type ? '' : type(a))
  out.compare(object, `${p}: NOT NULL`, describeNotNull(e), describeNotNull(a))
  out.compare(object, `${p}: default`, e.default ?? '(none)', a.default ?? '(none)')
  out.compare(object, `${p}: collation`, e.collation ?? 'BINARY', a.collation ?? 'BINARY')
  out.compare(object, `${p}: hidden`, String(e.hidden), String(a.hidden))
  out.compare(object, `${p}: generated`, describeGenerated(e.generated), describeGenerated(a.generated))
  diffChecks(out, object, `${p}: CHECK`, e.checks, a.checks)
}

/** CHECK constraints have no identity but their text: one difference per side that holds checks the other lacks. */
function diffChecks(
  out: DifferenceBuilder,
  object: string,
  property: string,
  e: string[],
  a: string[],
): void {
  const missing = e.filter((c) => !a.includes(c))
  const extra = a.filter((c) => !e.includes(c))
  if (missing.length > 0 && extra.length > 0)
    out.compare(object, property, missing.join('; '), extra.join('; '))
  else if (missing.length > 0) out.missing(object, property, missing.join('; '))
  else if (extra.length > 0) out.extra(object, property, extra.join('; '))
}

function primaryKey(t: TableModel): string {
  const key = t.columns.filter((c) => c.primaryKey > 0).sort((x, y) => x.primaryKey - y.primaryKey)
  return key.length === 0 ? '(rowid)' : `(${key.map((c) => c.name).join(', ')})`
}

function diffForeignKey(
  out: DifferenceBuilder,
  object: string,
  e: ForeignKeyModel,
  a: ForeignKeyModel,
): void {
  const p = fkKey(e)
  out.compare(object, `${p}: parent columns`, e.parentColumns.join(', '), a.parentColumns.join(', '))
  out.compare(object, `${p}: ON DELETE`, e.onDelete, a.onDelete)
  out.compare(object, `${p}: ON UPDATE`, e.onUpdate, a.onUpdate)
  out.compare(object, `${p}: MATCH`, e.match, a.match)
  out.compare(object, `${p}: DEFERRABLE`, e.deferrable, a.deferrable)
}

/** Options of `diffTable`. */
export interface DiffTableOptions {
  /** Report a different column order. */
  strictColumnOrder: boolean
}

/** Every difference between two versions of one table. */
export function diffTable(
  out: DifferenceBuilder,
  e: TableModel,
  a: TableModel,
  options: DiffTableOptions,
): void {
  const object = `table ${e.name}`
  out.compare(
    object,
    'WITHOUT ROWID',
    e.withoutRowid ? 'WITHOUT ROWID' : 'rowid',
    a.withoutRowid ? 'WITHOUT ROWID' : 'rowid',
  )
  out.compare(object, 'STRICT', e.strict ? 'STRICT' : 'not STRICT', a.strict ? 'STRICT' : 'not STRICT')
  const autoincrement = (t: TableModel): string => (t.autoincrement ? 'AUTOINCREMENT' : 'no AUTOINCREMENT')
  out.compare(object, 'AUTOINCREMENT', autoincrement(e), autoincrement(a))
  const name = (c: { name: string }): string => c.name
  out.keyed(byKey(e.columns, name), byKey(a.columns, name), {
    missing: (key, c) => out.missing(object, `column ${key}`, describeColumn(c, e)),
    extra: (key, c) => out.extra(object, `column ${key}`, describeColumn(c, a)),
    both: (ec, ac) => diffColumn(out, object, ec, ac),
  })
  out.compare(object, 'PRIMARY KEY', primaryKey(e), primaryKey(a))
  // The same key columns can still order or collate differently, or be the rowid on one side only
  // (INTEGER PRIMARY KEY DESC is no rowid alias): told only when the key itself is not already.
  if (primaryKey(e) === primaryKey(a)) {
    const keyIndex = (t: TableModel): string =>
      t.primaryKeyIndex
        ? `an index of its own (${t.primaryKeyIndex.join(', ')})`
        : 'none (the rowid, or no key)'
    out.compare(object, 'primary key index', keyIndex(e), keyIndex(a))
    const pkConflict = (t: TableModel): string => t.primaryKeyConflict ?? 'ABORT'
    out.compare(object, 'PRIMARY KEY: ON CONFLICT', pkConflict(e), pkConflict(a))
  }
  if (options.strictColumnOrder) {
    // Only the order of the columns both sides have: a missing column is already reported once.
    const shared = (t: TableModel, other: TableModel): string =>
      t.columns
        .filter((c) => other.columns.some((o) => o.name === c.name))
        .map(name)
        .join(', ')
    out.compare(object, 'column order', shared(e, a), shared(a, e))
  }
  diffChecks(out, object, 'CHECK', e.checks, a.checks)
  // A constraint on a column that only one side has is already told by that column's own line.
  const onlyIn = (t: TableModel, other: TableModel): Set<string> =>
    new Set(t.columns.filter((c) => !other.columns.some((o) => o.name === c.name)).map(name))
  const missingColumns = onlyIn(e, a)
  const extraColumns = onlyIn(a, e)
  // A key reads `name` or `name COLLATE X DESC`, the name quoted when it must be ("a b").
  const columnOf = (key: string): string => {
    const first = tokenize(key)[0]
    return first ? canonicalName(first.value) : key
  }
  const touches = (columns: string[], set: Set<string>): boolean => columns.some((c) => set.has(columnOf(c)))
  const uniqueKey = (u: { columns: string[] }): string => `UNIQUE (${u.columns.join(', ')})`
  out.keyed(byKey(e.uniques, uniqueKey), byKey(a.uniques, uniqueKey), {
    missing: (key, u) => touches(u.columns, missingColumns) || out.missing(object, key, 'present'),
    extra: (key, u) => touches(u.columns, extraColumns) || out.extra(object, key, 'present'),
    both: (eu, au) => out.compare(object, `${uniqueKey(eu)}: ON CONFLICT`, conflictOf(eu), conflictOf(au)),
  })
  const references = (fks: ForeignKeyModel[]): string => fks.map(describeReference).join('; ')
  out.keyed(groupByKey(e.foreignKeys, fkKey), groupByKey(a.foreignKeys, fkKey), {
    missing: (key, fks) =>
      touches(fks[0]?.columns ?? [], missingColumns) || out.missing(object, key, references(fks)),
    extra: (key, fks) =>
      touches(fks[0]?.columns ?? [], extraColumns) || out.extra(object, key, references(fks)),
    both: (ef, af) => {
      const [one, other] = [ef[0], af[0]]
      if (ef.length === 1 && af.length === 1 && one && other) diffForeignKey(out, object, one, other)
      else diffForeignKeyGroups(out, object, fkKey(ef[0] as ForeignKeyModel), ef, af)
    },
  })
}

/** Items by key, several to a key kept. */
function groupByKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item])
  return out
}

/**
 * Foreign keys that share columns and parent table where one side has several (to other parent columns,
 * or the same link twice with other actions): SQLite enforces each, so each clause one side holds more
 * often than the other is told whole.
 */
function diffForeignKeyGroups(
  out: DifferenceBuilder,
  object: string,
  property: string,
  e: ForeignKeyModel[],
  a: ForeignKeyModel[],
): void {
  const unmatched = a.map(describeReference)
  const missing: string[] = []
  for (const clause of e.map(describeReference)) {
    const at = unmatched.indexOf(clause)
    if (at >= 0) unmatched.splice(at, 1)
    else missing.push(clause)
  }
  diffChecks(out, object, property, missing, unmatched)
}

/** Missing, extra and changed tables. */
export function diffTables(
  out: DifferenceBuilder,
  expected: Record<string, TableModel>,
  actual: Record<string, TableModel>,
  options: DiffTableOptions,
): void {
  out.keyed(new Map(Object.entries(expected)), new Map(Object.entries(actual)), {
    missing: (key, t) => out.missing(`table ${key}`, WHOLE_OBJECT, describeTable(t)),
    extra: (key, t) => out.extra(`table ${key}`, WHOLE_OBJECT, describeTable(t)),
    both: (e, a) => diffTable(out, e, a, options),
  })
}
