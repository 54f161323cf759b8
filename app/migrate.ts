import type { Database } from 'better-sqlite3'
import { baselineInitial } from './baseline.ts'
import { HistoryError } from './history-error.ts'
import { HISTORY_DDL, HISTORY_TABLE, readHistory, recordMigration } from './history.ts'
import { MigrationError } from './migration-error.ts'
import type { MigrationFile } from './migration-files.ts'

/** The first released schema; recorded rather than run on databases that already hold it. */
export const INITIAL_MIGRATION = '0000_initial'

/**
 * Throws a {@link MigrationError} when the history holds a migration that is not in `migrations`
 * (a newer release made the database). Reads under the write lock and writes nothing.
 */
export function refuseUnknown(db: Database, migrations: readonly MigrationFile[]): void {
  const step: Step = { doing: TAKING_THE_LOCK }
  inStep(step, () =>
    withWriteLock(db, 'ROLLBACK', () => {
      step.doing = READING_THE_HISTORY
      assertKnown(readHistory(db), migrations)
    }),
  )
}

/**
 * Applies every pending migration, one write transaction each, together with its history row, and
 * returns the names it applied (empty when the database was up to date). The history is read only
 * once the write lock is held, so a concurrent start that got there first is seen, not repeated.
 * Expects foreign keys to be off (the pragma cannot change inside a transaction); each migration
 * checks them itself before it commits.
 */
export function applyPending(db: Database, migrations: readonly MigrationFile[]): string[] {
  const applied: string[] = []
  for (;;) {
    const step: Step = { doing: TAKING_THE_LOCK }
    inStep(step, () =>
      withWriteLock(db, 'COMMIT', () => {
        step.doing = `creating the migration history table "${HISTORY_TABLE}"`
        db.exec(HISTORY_DDL)
        step.doing = READING_THE_HISTORY
        let history = readHistory(db)
        assertKnown(history, migrations)
        step.doing = `recording "${INITIAL_MIGRATION}" as applied (a baseline)`
        if (baselineInitial(db, INITIAL_MIGRATION, history)) history = readHistory(db)
        step.doing = 'committing the migration history'
        // From here on, the COMMIT included, a failure is the migration's: its last step is the COMMIT,
        // which can fail too (a full disk as FTS5 flushes what it buffered, a reader holding the lock past
        // busy_timeout).
        step.pending = migrations.find((migration) => !history.includes(migration.name))
        if (step.pending !== undefined) runMigration(db, step.pending)
      }),
    )
    if (step.pending === undefined) return applied
    applied.push(step.pending.name)
  }
}

const TAKING_THE_LOCK = 'taking the write lock (BEGIN IMMEDIATE)'
const READING_THE_HISTORY = 'reading the migration history'

/** What a write transaction is doing, for its error: a step of the runner's bookkeeping, or a migration. */
interface Step {
  doing: string
  pending?: MigrationFile
}

/**
 * Runs `work`, turning a bare SQLite error (a full disk while the history table is created, a lock held
 * past busy_timeout) into one that says what failed: the migration's, or a {@link HistoryError} naming
 * the step.
 */
function inStep(step: Step, work: () => void): void {
  try {
    work()
  } catch (error) {
    if (error instanceof MigrationError || error instanceof HistoryError) throw error
    if (step.pending !== undefined) throw failed(step.pending, error)
    throw new HistoryError(step.doing, `${step.doing} failed: ${messageOf(error)}`, { cause: error })
  }
}

/**
 * The savepoint a migration's SQL runs inside. A COMMIT, END or ROLLBACK ends every savepoint with the
 * transaction, so a file that then opens a transaction of its own (`COMMIT; BEGIN; ...`) is still found
 * out: its RELEASE finds no such savepoint.
 */
const MIGRATION_SAVEPOINT = 'upgrade_harness_app_migration'

function runMigration(db: Database, migration: MigrationFile): void {
  db.exec(`SAVEPOINT ${MIGRATION_SAVEPOINT}`)
  try {
    db.exec(migration.sql)
  } catch (error) {
    throw failed(migration, error)
  }
  // A COMMIT, END or ROLLBACK in the file ends the runner's transaction: what came before it is
  // committed (or undone) without its history row, and the rest ran outside the runner's transaction,
  // beyond the reach of the rollback below. Recording it would file a half-run migration as applied;
  // left unrecorded, the next start runs it again and fails loudly rather than building on it.
  if (!db.inTransaction || !released(db)) {
    throw new MigrationError(
      migration.name,
      `migration "${migration.name}" failed: its SQL ends the transaction it runs in (COMMIT, END or ` +
        `ROLLBACK); a migration must not control transactions, the runner commits it with its history row`,
    )
  }
  try {
    recordMigration(db, migration.name)
  } catch (error) {
    throw failed(migration, error)
  }
  const violations = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
  const first = violations[0]
  if (first !== undefined) {
    throw new MigrationError(
      migration.name,
      `migration "${migration.name}" failed: ${violations.length} row(s) break foreign keys, ` +
        `first ${first.table} rowid ${first.rowid} (no such row in ${first.parent})`,
    )
  }
}

/** Releases the migration's savepoint; false when the migration's SQL ended it (and its transaction). */
function released(db: Database): boolean {
  try {
    db.exec(`RELEASE ${MIGRATION_SAVEPOINT}`)
    return true
  } catch {
    return false
  }
}

/** A failed migration's error: names the migration and keeps SQLite's message. */
function failed(migration: MigrationFile, error: unknown): MigrationError {
  return new MigrationError(migration.name, `migration "${migration.name}" failed: ${messageOf(error)}`, {
    cause: error,
  })
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function assertKnown(history: readonly string[], migrations: readonly MigrationFile[]): void {
  const known = new Set(migrations.map((migration) => migration.name))
  const unknown = history.filter((name) => !known.has(name))
  const first = unknown[0]
  if (first === undefined) return
  throw new MigrationError(
    first,
    `history holds migration(s) ${unknown.map((name) => `"${name}"`).join(', ')} that this release ` +
      `does not know (a newer release made this database); refusing to start`,
  )
}

/** Runs `work` inside `BEGIN IMMEDIATE`, ending with `end` on success and ROLLBACK on failure. */
function withWriteLock<T>(db: Database, end: 'COMMIT' | 'ROLLBACK', work: () => T): T {
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = work()
    db.exec(end)
    return result
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw error
  }
}
