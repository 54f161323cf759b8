/** The diff's public face: two schema models to a list of differences, and its renderers. */
export { diffSchemas, DEFAULT_EXPECTED_LABEL, DEFAULT_ACTUAL_LABEL } from './diff-schemas.ts'
export { renderSchemaDiffText } from './render-schema-diff.ts'
export { renderSchemaDiffMarkdown } from './render-markdown.ts'
export { schemaDiffToJson } from './render-schema-diff.ts'
export { describeColumn, describeIndex, describeTable, describeForeignKey } from './describe.ts'
export { ruleMatches } from './ignore-rules.ts'
export type { SchemaDiff, SchemaDifference, DiffOptions } from './types.ts'
