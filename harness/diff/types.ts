import type { SchemaIgnoreRule } from '../config/types.ts'

/** One difference between two schema models, e.g. object `table tokens`, property `column token_hash`. */
export interface SchemaDifference {
  /** The object, with its kind: `table tokens`, `index idx_tokens_hash`, `trigger notes_ai`, `database`. */
  object: string
  /** What about it differs: `column token_hash`, `column token_hash: NOT NULL`, `unique`, `sql`, `user_version`. */
  property: string
  /** The expected side's value, rendered (undefined when it is missing there). */
  expected?: string
  /** The actual side's value, rendered (undefined when it is missing there). */
  actual?: string
  /** One readable line: `table tokens: column token_hash: missing after upgrade (fresh: TEXT NOT NULL UNIQUE)`. */
  message: string
}

/** The result of comparing two schema models. */
export interface SchemaDiff {
  /** Labels of the two sides, e.g. `fresh` and `upgraded`, or two file names. */
  expectedLabel: string
  actualLabel: string
  differences: SchemaDifference[]
  /** Differences an ignore rule accepted, with the rule. */
  ignored: { difference: SchemaDifference; rule: SchemaIgnoreRule }[]
  /** Ignore rules that matched nothing: reported so ignore lists cannot rot. */
  unusedIgnores: SchemaIgnoreRule[]
}

/** Options for comparing two models. */
export interface DiffOptions {
  /** Label of the expected side. Default: `expected`. */
  expectedLabel?: string
  /** Label of the actual side. Default: `actual`. */
  actualLabel?: string
  /** Make a different column order a difference. Default: false (ALTER TABLE ADD COLUMN appends). */
  strictColumnOrder?: boolean
  /** Compare page_size. Default: false (reported only). */
  comparePageSize?: boolean
  /** Known, accepted differences. Default: none. */
  ignore?: SchemaIgnoreRule[]
}
