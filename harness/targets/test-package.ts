import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

import { dir } from 'tmp-promise'

/** A throw-away package folder for target tests, removed on dispose. */
export interface TestPackage extends AsyncDisposable {
  readonly path: string
  /** Absolute path of a file in the package. */
  file(name: string): string
}

/**
 * Test-only: write `files` into a fresh temporary folder whose `node_modules` links to the harness's own
 * better-sqlite3, so target modules in it import it as an application would.
 */
export async function makeTestPackage(files: Record<string, string>): Promise<TestPackage> {
  const folder = await dir({ unsafeCleanup: true })
  const betterSqlite = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'))
  mkdirSync(join(folder.path, 'node_modules'))
  symlinkSync(betterSqlite, join(folder.path, 'node_modules', 'better-sqlite3'), 'dir')
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder.path, name)), { recursive: true })
    writeFileSync(join(folder.path, name), text)
  }
  return {
    path: folder.path,
    file: (name) => join(folder.path, name),
    [Symbol.asyncDispose]: () => folder.cleanup(),
  }
}

/**
 * Test-only: whether `pid` is gone, waiting up to `waitMs` for it. A zombie counts as gone: it runs no
 * code, and whether something reaps it soon depends on the machine's init process.
 */
export async function processGone(pid: number, waitMs = 2000): Promise<boolean> {
  const until = Date.now() + waitMs
  for (;;) {
    if (!isRunning(pid)) return true
    if (Date.now() > until) return false
    await new Promise((done) => setTimeout(done, 20))
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    // Field 3 of /proc/<pid>/stat is the state; the name before it is in parentheses and may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}
