/** The inspector's public face: a SQLite database to a schema model. */
export { inspectDatabase } from './inspect-database.ts'
export { inspectConnection } from './inspect-connection.ts'
export { normalizeSql, normalizeExpression, canonicalName } from './normalize-sql.ts'
export { tokenize } from './tokenize.ts'
export { renderSchemaModelText } from './render-schema-model.ts'
export type { Token, TokenKind } from './tokenize.ts'
export type {
  SchemaModel,
  TableModel,
  ColumnModel,
  UniqueModel,
  IndexModel,
  IndexKeyModel,
  ForeignKeyModel,
  TriggerModel,
  ViewModel,
  VirtualTableModel,
  DatabaseSettings,
} from './model.ts'
