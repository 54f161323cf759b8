import fc from 'fast-check'
import type { ColumnSpec, ForeignKeySpec, IndexSpec, SchemaSpec, TableSpec } from './schema-spec.ts'
import type { SqlStyle } from './schema-sql.ts'

/** Column names include a keyword, a name with a space and a non-ASCII one, so quoting is exercised. */
const COLUMN_NAMES = ['body', 'title', 'order', 'note text', 'größe', 'created_at', 'status']
const STRICT_TYPES = ['TEXT', 'INTEGER', 'REAL', 'BLOB', 'ANY']
const LOOSE_TYPES = ['VARCHAR(20)', 'NUMERIC', 'DOUBLE PRECISION']
const DEFAULTS = ["'x'", "'Draft'", '0', '-1', 'NULL', "datetime('now')"]

const columnArb = (name: string, strict: boolean): fc.Arbitrary<ColumnSpec> =>
  fc
    .record({
      name: fc.constant(name),
      type: fc.constantFrom(...STRICT_TYPES, ...(strict ? [] : LOOSE_TYPES)),
      notNull: fc.boolean(),
      default: fc.option(fc.constantFrom(...DEFAULTS), { nil: undefined }),
      collation: fc.option(fc.constantFrom('NOCASE' as const, 'RTRIM' as const), { nil: undefined }),
      check: fc.option(fc.integer({ min: 1, max: 999 }), { nil: undefined }),
      generated: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 4 },
        {
          arbitrary: fc.record({
            factor: fc.integer({ min: 2, max: 9 }),
            storage: fc.constantFrom('STORED' as const, 'VIRTUAL' as const),
          }),
          weight: 1,
        },
      ),
    })
    .map((c) => (c.generated ? { ...c, type: 'INTEGER', default: undefined, notNull: false } : c))

function tableArb(index: number, earlier: string[]): fc.Arbitrary<TableSpec> {
  const name = index === 1 ? 'audit log' : `t${index}`
  return fc
    .record({
      withoutRowid: fc.boolean(),
      strict: fc.boolean(),
      names: fc.shuffledSubarray(COLUMN_NAMES, { minLength: 1, maxLength: 4 }),
      check: fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined }),
      wantUnique: fc.boolean(),
      uniqueConflict: fc.option(fc.constantFrom('REPLACE' as const, 'IGNORE' as const, 'ABORT' as const), {
        nil: undefined,
      }),
      fkParents: fc.subarray(earlier, { maxLength: Math.min(2, earlier.length) }),
      onDelete: fc.constantFrom(
        'CASCADE' as const,
        'SET NULL' as const,
        'RESTRICT' as const,
        'NO ACTION' as const,
      ),
      match: fc.option(fc.constantFrom('SIMPLE' as const, 'FULL' as const), { nil: undefined }),
      deferred: fc.boolean(),
    })
    .chain((t) =>
      fc.tuple(...t.names.map((n) => columnArb(n, t.strict))).map((cols): TableSpec => {
        const id: ColumnSpec = {
          name: 'id',
          type: 'INTEGER',
          notNull: false,
          default: undefined,
          collation: undefined,
          check: undefined,
          generated: undefined,
        }
        const plain = cols.filter((c) => !c.generated)
        const foreignKeys: ForeignKeySpec[] = t.fkParents.map((parent, i) => ({
          column: `${parent.replace(' ', '_')}_ref${i}`,
          parent,
          onDelete: t.onDelete,
          match: t.match,
          deferred: t.deferred,
        }))
        const fkColumns: ColumnSpec[] = foreignKeys.map((f) => ({ ...id, name: f.column }))
        return {
          name,
          withoutRowid: t.withoutRowid,
          strict: t.strict,
          columns: [id, ...cols, ...fkColumns],
          check: t.check,
          unique: t.wantUnique && plain.length >= 1 ? ['id', plain[0]?.name ?? 'id'] : undefined,
          uniqueConflict: t.uniqueConflict,
          foreignKeys,
        }
      }),
    )
}

function indexArb(table: TableSpec, n: number): fc.Arbitrary<IndexSpec> {
  const columns = table.columns.filter((c) => !c.generated).map((c) => c.name)
  return fc.record({
    name: fc.constant(`idx_${n}`),
    table: fc.constant(table.name),
    unique: fc.boolean(),
    keys: fc
      .shuffledSubarray(columns, { minLength: 1, maxLength: Math.min(2, columns.length) })
      .chain((cols) =>
        fc.tuple(
          ...cols.map((column) =>
            fc.record({
              column: fc.constant(column),
              lower: fc.boolean(),
              desc: fc.boolean(),
              nocase: fc.boolean(),
            }),
          ),
        ),
      ),
    where: fc.option(fc.constantFrom(...columns), { nil: undefined }),
  })
}

/** Random schemas using every feature the model covers. */
export const schemaSpecArb: fc.Arbitrary<SchemaSpec> = fc
  .integer({ min: 1, max: 3 })
  .chain((count) => {
    let tables: fc.Arbitrary<TableSpec[]> = fc.constant([])
    for (let i = 0; i < count; i++) {
      tables = tables.chain((done) =>
        tableArb(
          i,
          done.map((t) => t.name),
        ).map((t) => [...done, t]),
      )
    }
    return tables
  })
  .chain((tables) =>
    fc.record({
      userVersion: fc.integer({ min: 0, max: 9 }),
      applicationId: fc.integer({ min: 0, max: 99999 }),
      tables: fc.constant(tables),
      indexes: fc.tuple(...tables.map((t, i) => indexArb(t, i))).chain((all) => fc.subarray(all)),
      triggers: fc.subarray(
        tables.map((t, i) => ({ name: `trg_${i}`, table: t.name, message: `inserted ${i}` })),
      ),
      views: fc.subarray(tables.map((t, i) => ({ name: `v_${i}`, table: t.name, min: i }))),
      virtualTables: fc.subarray([
        { name: 'search', module: 'fts5' as const, porter: true },
        { name: 'places', module: 'rtree' as const, porter: false },
      ]),
    }),
  )

/** Every formatting choice SqlStyle offers. */
export const sqlStyleArb: fc.Arbitrary<SqlStyle> = fc.record({
  keywordCase: fc.constantFrom('upper' as const, 'lower' as const, 'mixed' as const),
  quote: fc.constantFrom('none' as const, '"' as const, '[' as const, '`' as const),
  identifierCase: fc.constantFrom('lower' as const, 'upper' as const),
  separator: fc.constantFrom(' ' as const, '  ' as const, '\n  ' as const, '\t' as const),
  comments: fc.boolean(),
  ifNotExists: fc.boolean(),
  parens: fc.boolean(),
  appendColumns: fc.boolean(),
})
