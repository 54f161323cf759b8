import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'

/**
 * The migration files under a folder, by relative path with `/` between folders, in path order: files
 * at any depth, since many tools keep one folder per migration (Prisma's
 * `20240101120000_init/migration.sql`, diesel's `<name>/up.sql`). A flat folder's paths are its file
 * names, so manifests written before subfolders were read keep their keys.
 *
 * Hidden files and folders (`.DS_Store`, `.gitkeep`, an editor's swap file) are skipped at any depth:
 * no migration tool runs them, and one that happened to exist when a release was regenerated would
 * otherwise be "missing" from every later checkout. A symbolic link to a file counts as that file (a
 * folder of links into a shared one is still the release's migrations); a link to a folder is not
 * followed, so a link back up the tree cannot make the walk endless.
 *
 * @example await listMigrationFiles('prisma/migrations') // ['20240101120000_init/migration.sql', ...]
 */
export async function listMigrationFiles(folder: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) await walk(file, `${prefix}${entry.name}/`)
      else if (entry.isFile() || (entry.isSymbolicLink() && (await isLinkToFile(file))))
        found.push(prefix + entry.name)
    }
  }
  await walk(folder, '')
  return found.sort()
}

/** Whether a recorded migration path has a hidden part, which {@link listMigrationFiles} never lists. */
export function isHiddenMigrationPath(key: string): boolean {
  return key.split('/').some((part) => part.startsWith('.'))
}

/** Whether a symbolic link leads to a file (not a folder, and not nowhere). */
async function isLinkToFile(link: string): Promise<boolean> {
  return (await stat(link).catch(() => undefined))?.isFile() ?? false
}
