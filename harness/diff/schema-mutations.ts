import { canonicalName } from '../inspect/normalize-sql.ts'
import type { ColumnSpec, SchemaSpec, TableSpec } from './schema-spec.ts'

/** One single-feature change of a schema, and where the diff must report it. */
export interface Mutation {
  /** What changed, for the failure message. */
  what: string
  /** The diff's object, e.g. `table t0`. */
  object: string
  /** The start of the diff's property, e.g. `column body: type`. */
  property: string
  apply: (spec: SchemaSpec) => void
}

const table = (spec: SchemaSpec, name: string): TableSpec =>
  spec.tables.find((t) => t.name === name) as TableSpec
const column = (spec: SchemaSpec, t: string, c: string): ColumnSpec =>
  table(spec, t).columns.find((x) => x.name === c) as ColumnSpec

function columnMutations(t: TableSpec, c: ColumnSpec): Mutation[] {
  const object = `table ${canonicalName(t.name)}`
  const p = `column ${canonicalName(c.name)}`
  const on = (what: string, property: string, change: (c: ColumnSpec) => void): Mutation => ({
    what: `${t.name}.${c.name}: ${what}`,
    object,
    property: `${p}${property}`,
    apply: (spec) => change(column(spec, t.name, c.name)),
  })
  const out: Mutation[] = []
  // Dropping a column that a constraint names would break the CREATE, not mutate one feature.
  if (!t.unique?.includes(c.name) && !t.foreignKeys.some((f) => f.column === c.name)) {
    out.push({
      what: `${t.name}: drop ${c.name}`,
      object,
      property: p,
      apply: (spec) => {
        const tt = table(spec, t.name)
        tt.columns = tt.columns.filter((x) => x.name !== c.name)
        spec.indexes = spec.indexes.filter((i) => i.table !== t.name || i.where !== c.name)
        spec.indexes = spec.indexes.filter(
          (i) => i.table !== t.name || !i.keys.some((k) => k.column === c.name),
        )
      },
    })
    // The same column to SQLite, another key in every result row.
    out.push(
      on('spelling', ': spelling', (x) => (x.name = x.name.replace(/[a-z]+/g, (m) => m.toUpperCase()))),
    )
  }
  if (c.generated) {
    out.push(
      on(
        'flip storage',
        ': generated',
        (x) => (x.generated!.storage = x.generated!.storage === 'STORED' ? 'VIRTUAL' : 'STORED'),
      ),
    )
    out.push(on('change expression', ': generated', (x) => (x.generated!.factor += 10)))
    return out
  }
  out.push(on('type', ': type', (x) => (x.type = x.type === 'BLOB' ? 'TEXT' : 'BLOB')))
  out.push(on('NOT NULL', ': NOT NULL', (x) => (x.notNull = !x.notNull)))
  out.push(on('default', ': default', (x) => (x.default = x.default === "'y'" ? undefined : "'y'")))
  out.push(
    on('collation', ': collation', (x) => (x.collation = x.collation === 'NOCASE' ? 'RTRIM' : 'NOCASE')),
  )
  out.push(on('check', ': CHECK', (x) => (x.check = x.check === undefined ? 5 : undefined)))
  return out
}

function tableMutations(spec: SchemaSpec, t: TableSpec): Mutation[] {
  const object = `table ${canonicalName(t.name)}`
  const on = (what: string, property: string, change: (t: TableSpec) => void): Mutation => ({
    what: `${t.name}: ${what}`,
    object,
    property,
    apply: (s) => change(table(s, t.name)),
  })
  const out = [
    on('WITHOUT ROWID', 'WITHOUT ROWID', (x) => (x.withoutRowid = !x.withoutRowid)),
    on('check', 'CHECK', (x) => (x.check = x.check === undefined ? 0 : undefined)),
    ...t.columns.slice(1).flatMap((c) => columnMutations(t, c)),
  ]
  if (
    t.strict ||
    t.columns.every((c) => !c.type.includes('(') && !c.type.includes(' ') && c.type !== 'NUMERIC')
  ) {
    out.push(on('STRICT', 'STRICT', (x) => (x.strict = !x.strict)))
  }
  if (t.unique) {
    out.push(on('drop UNIQUE', 'UNIQUE (', (x) => (x.unique = undefined)))
    // ABORT is the default: writing it or not is no change, so the mutation moves away from both.
    const other = t.uniqueConflict === 'REPLACE' ? 'IGNORE' : 'REPLACE'
    out.push(on('UNIQUE ON CONFLICT', 'UNIQUE (', (x) => (x.uniqueConflict = other)))
  }
  for (const fk of t.foreignKeys) {
    const p = `FOREIGN KEY (${canonicalName(fk.column)}) REFERENCES ${canonicalName(fk.parent)}`
    const get = (x: TableSpec) => x.foreignKeys.find((f) => f.column === fk.column)!
    out.push(
      on(
        'ON DELETE',
        `${p}: ON DELETE`,
        (x) => (get(x).onDelete = fk.onDelete === 'CASCADE' ? 'RESTRICT' : 'CASCADE'),
      ),
    )
    out.push(on('MATCH', `${p}: MATCH`, (x) => (get(x).match = fk.match === 'FULL' ? undefined : 'FULL')))
    out.push(on('DEFERRABLE', `${p}: DEFERRABLE`, (x) => (get(x).deferred = !fk.deferred)))
    out.push(on('drop FK', p, (x) => (x.foreignKeys = x.foreignKeys.filter((f) => f !== get(x)))))
  }
  void spec
  return out
}

/** Every single-feature mutation that applies to `spec`. */
export function mutationsOf(spec: SchemaSpec): Mutation[] {
  const out: Mutation[] = [
    {
      what: 'user_version',
      object: 'database',
      property: 'user_version',
      apply: (s) => void (s.userVersion += 1),
    },
    {
      what: 'application_id',
      object: 'database',
      property: 'application_id',
      apply: (s) => void (s.applicationId += 1),
    },
    ...spec.tables.flatMap((t) => tableMutations(spec, t)),
  ]
  for (const i of spec.indexes) {
    const object = `index ${i.name}`
    const get = (s: SchemaSpec) => s.indexes.find((x) => x.name === i.name)!
    out.push({
      what: `${i.name}: unique`,
      object,
      property: 'unique',
      apply: (s) => void (get(s).unique = !i.unique),
    })
    out.push({
      what: `${i.name}: desc`,
      object,
      property: 'keys',
      apply: (s) => void (get(s).keys[0]!.desc = !i.keys[0]!.desc),
    })
    out.push({
      what: `${i.name}: expression`,
      object,
      property: 'keys',
      apply: (s) => void (get(s).keys[0]!.lower = !i.keys[0]!.lower),
    })
    // COLLATE NOCASE on a key whose column already has that collation changes nothing: not a mutation.
    const keyColumn = spec.tables
      .find((t) => t.name === i.table)
      ?.columns.find((c) => c.name === i.keys[0]!.column)
    if (i.keys[0]!.lower || keyColumn?.collation !== 'NOCASE')
      out.push({
        what: `${i.name}: collation`,
        object,
        property: 'keys',
        apply: (s) => void (get(s).keys[0]!.nocase = !i.keys[0]!.nocase),
      })
    const where = i.where === undefined ? i.keys[0]!.column : undefined
    out.push({
      what: `${i.name}: WHERE`,
      object,
      property: 'WHERE',
      apply: (s) => void (get(s).where = where),
    })
    out.push({
      what: `${i.name}: drop`,
      object,
      property: 'definition',
      apply: (s) => void s.indexes.splice(s.indexes.indexOf(get(s)), 1),
    })
  }
  for (const t of spec.triggers) {
    const apply = (s: SchemaSpec) => void (s.triggers.find((x) => x.name === t.name)!.message += '!')
    out.push({ what: `${t.name}: body`, object: `trigger ${t.name}`, property: 'sql', apply })
  }
  for (const v of spec.views) {
    const apply = (s: SchemaSpec) => void (s.views.find((x) => x.name === v.name)!.min += 1)
    out.push({ what: `${v.name}: query`, object: `view ${v.name}`, property: 'sql', apply })
  }
  for (const v of spec.virtualTables.filter((x) => x.module === 'fts5')) {
    const apply = (s: SchemaSpec) => void (s.virtualTables.find((x) => x.name === v.name)!.porter = !v.porter)
    out.push({
      what: `${v.name}: arguments`,
      object: `virtual table ${v.name}`,
      property: 'arguments',
      apply,
    })
  }
  return out
}
