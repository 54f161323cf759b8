import { constants } from 'node:fs'
import { chmod, copyFile, rm, stat } from 'node:fs/promises'

/**
 * Copies a database file as it lies on disk: the main file plus its `-wal` file when there is one,
 * without opening it (so nothing is checkpointed and the source is only read). Stale `-wal`/`-shm`
 * files at the destination are removed first, since SQLite would replay them onto the copy.
 * The copy is made writable even when the source is read-only.
 */
export async function copyDatabase(from: string, to: string): Promise<void> {
  await Promise.all(['-wal', '-shm', '-journal'].map((suffix) => rm(to + suffix, { force: true })))
  await copyDatabaseInto(from, to)
}

/**
 * {@link copyDatabase} into a folder that holds nothing of `to`'s yet (a new working copy's), so there
 * are no stale side files to remove first.
 */
export async function copyDatabaseInto(from: string, to: string): Promise<void> {
  await copyToNewFile(from, to)
  await chmod(to, 0o644)
  try {
    await copyToNewFile(from + '-wal', to + '-wal')
    await chmod(to + '-wal', 0o644)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

/**
 * Copies into a file that does not exist yet, replacing one that does. Copying over an existing file
 * truncates it first, and on ext4 (auto_da_alloc) closing a file truncated that way waits until its data
 * is on disk: that doubled the cost of a 1 GiB working copy compared with `cp`.
 */
async function copyToNewFile(from: string, to: string): Promise<void> {
  try {
    await copyFile(from, to, constants.COPYFILE_EXCL)
    return
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  // Copying a file onto itself leaves it as it is; removing it first would lose it.
  const [source, target] = await Promise.all([stat(from), stat(to)])
  if (source.dev === target.dev && source.ino === target.ino) return
  await rm(to, { force: true })
  await copyFile(from, to, constants.COPYFILE_EXCL)
}
