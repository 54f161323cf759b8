import Database from 'better-sqlite3'
import { dir } from 'tmp-promise'
import path from 'node:path'
import { registerDir, releaseDir } from '../targets/process/child-registry.ts'

/** A temporary folder of database files built from SQL, removed with everything in it on dispose. */
export interface ScratchDatabases extends AsyncDisposable {
  /** The folder holding the files. */
  readonly dir: string
  /** Runs `sql` on a new database file and closes it; returns the file's path. */
  build(sql: string): string
}

/**
 * For tests and benchmarks: database files made from SQL in a temporary folder.
 *
 * @example await using dbs = await scratchDatabases(); const file = dbs.build('CREATE TABLE t(a)')
 */
export async function scratchDatabases(): Promise<ScratchDatabases> {
  const folder = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-inspect-' })
  // Removed on Ctrl-C too (the inspect bench's 1,000-table database): a signal runs no disposer.
  registerDir(folder.path)
  let count = 0
  return {
    dir: folder.path,
    build(sql: string): string {
      const file = path.join(folder.path, `db-${++count}.sqlite`)
      const db = new Database(file)
      try {
        db.exec(sql)
      } finally {
        db.close()
      }
      return file
    },
    async [Symbol.asyncDispose]() {
      await folder.cleanup()
      releaseDir(folder.path)
    },
  }
}
