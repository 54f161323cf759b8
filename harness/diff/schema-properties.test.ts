import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { inspectConnection } from '../inspect/inspect-connection.ts'
import type { SchemaModel } from '../inspect/model.ts'
import { diffSchemas } from './diff-schemas.ts'
import { schemaSpecArb, sqlStyleArb } from './schema-arbitrary.ts'
import { mutationsOf } from './schema-mutations.ts'
import { schemaSql } from './schema-sql.ts'

/** Keeps each property to a second or two (every run builds two or three in-memory databases); raise it to search harder. */
const NUM_RUNS = Number(process.env.SCHEMA_PROPERTY_RUNS ?? 60)

function withDatabase<T>(sql: string, use: (db: Database.Database) => T): T {
  const db = new Database(':memory:')
  try {
    db.exec(sql)
    return use(db)
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- while running ---\n${sql}`, { cause: error })
  } finally {
    db.close()
  }
}

const modelOf = (sql: string): SchemaModel => withDatabase(sql, inspectConnection)

/** The schema as `.dump` would give it: stored CREATE statements (no shadow tables) and the header settings. */
function dump(db: Database.Database): string {
  const statements = db
    .prepare(
      `SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
         AND name NOT IN (SELECT name FROM pragma_table_list WHERE type = 'shadow') ORDER BY rowid`,
    )
    .pluck()
    .all() as string[]
  const pragmas = ['user_version', 'application_id'].map(
    (p) => `PRAGMA ${p} = ${String(db.pragma(p, { simple: true }))}`,
  )
  return [...pragmas, ...statements].join(';\n') + ';'
}

describe('schema diff properties', { timeout: 60_000 }, () => {
  test('a database and its own dump-and-reload show no difference', () => {
    fc.assert(
      fc.property(schemaSpecArb, (spec) => {
        const sql = schemaSql(spec)
        const original = modelOf(sql)
        const reloaded = modelOf(withDatabase(sql, dump))
        expect(diffSchemas(original, reloaded).differences).toEqual([])
      }),
      { numRuns: NUM_RUNS },
    )
  })

  test('the same schema written in another legal form shows no difference', () => {
    fc.assert(
      fc.property(schemaSpecArb, sqlStyleArb, (spec, style) => {
        const plain = modelOf(schemaSql(spec))
        const other = modelOf(schemaSql(spec, style))
        expect(diffSchemas(plain, other).differences).toEqual([])
      }),
      { numRuns: NUM_RUNS },
    )
  })

  test('every single-feature mutation is reported, naming the object and the property', () => {
    const cases = schemaSpecArb.chain((spec) =>
      fc.tuple(fc.constant(spec), fc.constantFrom(...mutationsOf(spec)), sqlStyleArb),
    )
    fc.assert(
      fc.property(cases, ([spec, mutation, style]) => {
        const mutated = structuredClone(spec)
        mutation.apply(mutated)
        const diff = diffSchemas(modelOf(schemaSql(spec)), modelOf(schemaSql(mutated, style)))
        const named = diff.differences.filter(
          (d) => d.object === mutation.object && d.property.startsWith(mutation.property),
        )
        expect(
          named,
          `${mutation.what}: ${JSON.stringify(diff.differences.map((d) => d.message))}`,
        ).not.toEqual([])
      }),
      { numRuns: NUM_RUNS * 2 },
    )
  })
})
