import { createRequire } from 'node:module'

/** The part of better-sqlite3 the child's own reads use (the write-lock probe, readOnReturn). */
export interface ChildDatabase {
  exec(sql: string): unknown
  prepare(sql: string): { pluck(): { all(): unknown[] } }
  close(): void
}
export type DatabaseClass = new (
  path: string,
  options: { fileMustExist: boolean; timeout: number },
) => ChildDatabase

/** better-sqlite3 as the target loaded it, or undefined when the target did not load it. */
export function loadedBetterSqlite3(targetFile: string): DatabaseClass | undefined {
  const require = createRequire(targetFile)
  let resolved: string
  try {
    resolved = require.resolve('better-sqlite3')
  } catch {
    return undefined
  }
  return require.cache[resolved] === undefined ? undefined : (require(resolved) as DatabaseClass)
}
