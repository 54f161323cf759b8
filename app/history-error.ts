/**
 * A failure of the runner's own bookkeeping, outside any migration: taking the write lock, creating or
 * reading the history table, recording the first schema as a baseline. The message names the step and
 * keeps SQLite's own message (`creating the migration history table "schema_migrations" failed: database
 * or disk is full`); the original error is the `cause`.
 */
export class HistoryError extends Error {
  override readonly name = 'HistoryError'
  /** The step that failed, e.g. `creating the migration history table "schema_migrations"`. */
  readonly step: string
  constructor(step: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.step = step
  }
}
