/** What the parent asks of a module target's child, passed as one JSON argument. */
export interface ChildSettings {
  /** Report `ready` after loading, then wait for one byte on the channel before calling the target. */
  startLine: boolean
  /** Patch better-sqlite3 before loading the target, to count (and act on) its statements. */
  statements: boolean
  /** SIGKILL the child right after this statement (1-based). */
  killAfterStatement?: number
  /**
   * Set each connection's `max_page_count` to this, at its first statement, and again after any statement
   * of the target's that sets a higher one: the database's size limit.
   */
  maxPageCount?: number
  /**
   * After the target returns, fail the start if a connection of its own still holds the write lock (see
   * openWriteTransaction). Only for a start alone on its file, without the statement hooks.
   */
  probeWriteLock?: boolean
  /** After the target returns, read this query's rows and report them (see StartOptions.readOnReturn). */
  readOnReturn?: string
}
