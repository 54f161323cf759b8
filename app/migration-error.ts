/**
 * A migration that failed, or a history that this release cannot work with. The message names the
 * migration and keeps SQLite's own message; the original error is the `cause`.
 */
export class MigrationError extends Error {
  override readonly name = 'MigrationError'
  /** The migration concerned, e.g. `0004_sessions_rebuild`. */
  readonly migration: string
  constructor(migration: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.migration = migration
  }
}
