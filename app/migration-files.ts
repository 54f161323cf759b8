import { readdirSync, readFileSync } from 'node:fs'

/** One migration as shipped: its name is the file name without `.sql`. */
export interface MigrationFile {
  name: string
  sql: string
}

/**
 * The visible `.sql` files of a migrations folder, ordered by name (names start with a zero-padded number).
 * Takes a `URL` so that callers resolve the folder from their own module (`import.meta.url`), which
 * keeps working when the module is bundled elsewhere.
 */
export function readMigrationFiles(dir: URL): MigrationFile[] {
  return (
    readdirSync(dir)
      // Hidden files are not migrations: macOS leaves `._0002_x.sql` beside every file it copies to a
      // foreign file system or tar archive, and editors their `.#0002_x.sql` locks. Read, they would run
      // before 0000 ('.' sorts first); the harness's migrations-unchanged skips them as well.
      .filter((file) => file.endsWith('.sql') && !file.startsWith('.'))
      .sort()
      .map((file) => ({ name: file.slice(0, -'.sql'.length), sql: readFileSync(new URL(file, dir), 'utf8') }))
  )
}
