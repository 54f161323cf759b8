import type { IndexKeyModel, IndexModel, SchemaModel } from '../inspect/model.ts'
import { canonicalName, normalizeExpression } from '../inspect/normalize-sql.ts'
import { tokenize } from '../inspect/tokenize.ts'
import type { IndexExpectation } from './schema-matchers-types.ts'

/**
 * An index key as a test writes it (`email`, `lower(email)`, `c DESC`, `f COLLATE NOCASE`), read the way
 * the schema model keeps keys. Order and collation are compared only when the test states them.
 */
export interface KeyExpectation {
  column: string
  desc?: boolean
  collation?: string
}

export function expectedKey(text: string): KeyExpectation {
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

export function keyMatches(key: IndexKeyModel, expected: KeyExpectation): boolean {
  return (
    key.column === expected.column &&
    (expected.desc === undefined || key.desc === expected.desc) &&
    (expected.collation === undefined || key.collation === expected.collation)
  )
}

/** An index as `toHaveIndex` sees it; `kind` names one SQLite made for a constraint, which has no name. */
export type CandidateIndex = IndexModel & { kind?: 'UNIQUE constraint' | 'PRIMARY KEY' }

export function indexesOn(model: SchemaModel, table: string): CandidateIndex[] {
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
export function indexLabel(index: CandidateIndex): string {
  return index.name || index.kind || 'UNIQUE constraint'
}

/** What a test asked of an index beyond its keys: ` (unique, named idx_x, WHERE x > 0)`. */
export function describeIndexExpectation(props: IndexExpectation): string {
  const parts = [
    props.unique === undefined ? '' : props.unique ? 'unique' : 'not unique',
    props.name === undefined ? '' : `named ${props.name}`,
    props.where === undefined ? '' : props.where === null ? 'not partial' : `WHERE ${props.where}`,
  ].filter(Boolean)
  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}
