import { chmod, copyFile, rm } from 'node:fs/promises'

/**
 * Copies a database file as it lies on disk: the main file plus its `-wal` file when there is one,
 * without opening it (so nothing is checkpointed and the source is only read). Stale `-wal`/`-shm`
 * files at the destination are removed first, since SQLite would replay them onto the copy.
 * The copy is made writable even when the source is read-only.
 */
export async function copyDatabase(from: string, to: string): Promise<void> {
  await Promise.all(['-wal', '-shm', '-journal'].map((suffix) => rm(to + suffix, { force: true })))
  await copyFile(from, to)
  await chmod(to, 0o644)
  try {
    await copyFile(from + '-wal', to + '-wal')
    await chmod(to + '-wal', 0o644)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}
