import { loadedBetterSqlite3, type DatabaseClass } from './loaded-better-sqlite3.ts'

/**
 * How long the probe waits for the lock. A lock that the target's own connection holds never clears
 * while the probe waits (the probe blocks the only thread that could release it), so this is only paid
 * on a start that fails; a moment's lock of a process the app started, still finishing a write, clears.
 */
const PROBE_WAIT_MS = 250

/**
 * Why the target's start must not count as done, or undefined: after initDb returned, a connection of
 * its own still holds the database's write lock, a transaction it never committed. What it wrote may
 * never have reached the file (a small transaction stays in memory; in WAL mode uncommitted frames are
 * ignored), so every check would read a database as though the migration it left open had never run,
 * the fresh one alike, and pass. In the running app that transaction holds the lock for good. A
 * connection in `locking_mode = EXCLUSIVE` that was never closed holds it too: a target closes the
 * database before it returns.
 *
 * Only for a target that loaded better-sqlite3 (the one its bundle resolves), which the probe uses: the
 * child loads nothing the target did not. Within one process SQLite tells connections' locks apart, so a
 * second connection's `BEGIN IMMEDIATE` fails with SQLITE_BUSY exactly while another holds the lock; so
 * would another process's lock, which is why the parent asks for the probe only on a start that is alone
 * on its file. It writes nothing: the transaction it takes is rolled back at once, and a read left open
 * is no lock.
 */
export function openWriteTransaction(targetFile: string, dbPath: string): string | undefined {
  const Database = loadedBetterSqlite3(targetFile)
  if (!Database) return undefined
  let probe: InstanceType<DatabaseClass>
  try {
    probe = new Database(dbPath, { fileMustExist: true, timeout: PROBE_WAIT_MS })
  } catch {
    return undefined // no file to probe: what the start did is for the checks to judge
  }
  try {
    probe.exec('BEGIN IMMEDIATE')
    probe.exec('ROLLBACK')
    return undefined
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') return undefined
    return (
      'returned, but a connection of its own still holds the write lock (a transaction never committed, or ' +
      'locking_mode = EXCLUSIVE on a connection never closed), so what the start did may never reach the ' +
      'file; commit and close the database before returning'
    )
  } finally {
    probe.close()
  }
}
