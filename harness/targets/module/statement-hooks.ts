import { createRequire } from 'node:module'

import type { ChildSettings } from './child-settings.ts'
import { splitStatements } from './split-statements.ts'

/** The parts of better-sqlite3 the hooks wrap, typed loosely: they are patched, not used. */
type Method = (this: unknown, ...args: unknown[]) => unknown
type Patchable = Record<string, Method>
interface StatementLike {
  database: object
  source: string
}
interface DatabaseClass {
  new (path: string): { prepare(sql: string): object; close(): void }
  prototype: Patchable
}

/** Counts the statements run so far. */
export interface StatementCounter {
  count(): number
}

/**
 * Patch the better-sqlite3 that the target bundle at `targetFile` resolves, before the target loads:
 * every Statement run/get/all/iterate, every statement of a Database exec script, and every pragma
 * counts as one statement (calls made
 * inside another, like `pragma()` preparing its own statement, are not counted twice). Returns
 * undefined when the target cannot resolve better-sqlite3 (it does not use it). `beforeKill` is called
 * just before the child kills itself for `killAfterStatement`.
 */
export function installStatementHooks(
  targetFile: string,
  settings: ChildSettings,
  beforeKill: (statements: number) => void,
): StatementCounter | undefined {
  let Database: DatabaseClass
  try {
    Database = createRequire(targetFile)('better-sqlite3') as DatabaseClass
  } catch {
    return undefined
  }
  // The Statement class is not exported; one statement on a throw-away connection reveals its prototype.
  const probe = new Database(':memory:')
  const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Patchable
  probe.close()
  const databaseProto = Database.prototype
  const pragma = databaseProto.pragma as Method
  const capped = new WeakSet<object>()
  let count = 0
  let depth = 0

  // One limit for the whole start, however many connections the target opens one after another: each
  // connection's own count would let every one of them grow the file by the whole allowance again.
  const capGrowth = (db: object): void => {
    if (settings.maxPageCount === undefined || capped.has(db)) return
    capped.add(db)
    pragma.call(db, `max_page_count = ${settings.maxPageCount}`)
  }
  // An app may cap its own database (`PRAGMA max_page_count = N`, N far above what it holds): that would
  // lift the harness's cap, and the start would never feel a full disk. After such a statement the lower
  // of the two limits is set again.
  const keepCap = (db: object, sql: unknown): void => {
    if (settings.maxPageCount === undefined || typeof sql !== 'string' || !/max_page_count/i.test(sql)) return
    try {
      const now = pragma.call(db, 'max_page_count', { simple: true }) as number
      if (now > settings.maxPageCount) pragma.call(db, `max_page_count = ${settings.maxPageCount}`)
    } catch {
      // A connection the statement closed or left busy: the statement's own outcome stands.
    }
  }
  const finished = (): void => {
    count++
    // SIGKILL to itself ends the process before the next statement can start: an abrupt stop at a
    // statement boundary, which is what a power cut or an OOM kill looks like to SQLite.
    if (count === settings.killAfterStatement) {
      beforeKill(count)
      process.kill(process.pid, 'SIGKILL')
    }
  }
  const around = <T>(db: object, sql: unknown, call: () => T): T => {
    if (depth > 0) return call()
    depth++
    try {
      capGrowth(db)
      return call()
    } finally {
      keepCap(db, sql)
      depth--
      finished()
    }
  }

  for (const name of ['run', 'get', 'all'] as const) {
    const original = statementProto[name] as Method
    statementProto[name] = function (this: unknown, ...args: unknown[]) {
      const statement = this as StatementLike
      return around(statement.database, statement.source, () => original.apply(this, args))
    }
  }
  const iterate = statementProto.iterate as Method
  statementProto.iterate = function (this: unknown, ...args: unknown[]) {
    if (depth > 0) return iterate.apply(this, args)
    const statement = this as StatementLike
    capGrowth(statement.database)
    return countWhenDone(iterate.apply(this, args) as Iterator<unknown>, () => {
      keepCap(statement.database, statement.source)
      finished()
    })
  }
  // A script given to exec() runs statement by statement in SQLite too: count (and allow a kill after)
  // each one, so a migration run as one exec() without a transaction has kill points inside it.
  const exec = databaseProto.exec as Method
  databaseProto.exec = function (this: unknown, ...args: unknown[]) {
    const [sql] = args
    if (depth > 0 || typeof sql !== 'string') return exec.apply(this, args)
    for (const statement of splitStatements(sql))
      around(this as object, statement, () => exec.call(this, statement))
    return this
  }
  databaseProto.pragma = function (this: unknown, ...args: unknown[]) {
    return around(this as object, args[0], () => pragma.apply(this, args))
  }
  return { count: () => count }
}

/** An iterate() statement finishes when its iterator is exhausted, returned early, or throws. */
function countWhenDone(inner: Iterator<unknown>, finished: () => void): IterableIterator<unknown> {
  let done = false
  const once = (): void => {
    if (done) return
    done = true
    finished()
  }
  const wrapped: IterableIterator<unknown> = {
    next(...args: [] | [unknown]) {
      try {
        const result = inner.next(...args)
        if (result.done) once()
        return result
      } catch (error) {
        once()
        throw error
      }
    },
    return(value?: unknown) {
      const result = inner.return ? inner.return(value) : { done: true as const, value }
      once()
      return result
    },
    [Symbol.iterator]() {
      return wrapped
    },
  }
  return wrapped
}
