import { statSync } from 'node:fs'
import { resolve } from 'node:path'

import { readDatabaseHeader } from '../../inspect/read-header.ts'
import { describeTarget } from '../describe-target.ts'
import { readReport, toTargetRun } from '../process/describe-exit.ts'
import { spawnChild, type RunningChild } from '../process/spawn-child.ts'
import type { ModuleTargetSpec, PrepareOptions, StartOptions, Target, TargetRun } from '../target.ts'
import { bundleModule } from './bundle-module.ts'
import type { ChildSettings } from './child-settings.ts'
import { DEFAULT_EXPORT } from './default-export.ts'

/**
 * Prepare a module target: bundle it (TypeScript is transpiled here, once, never per child) and check
 * that it exports the function. Each start runs the bundle in a fresh Node process through the child
 * runner, in `rootDir` (the config's folder). Throws InputError when the module is missing, does not
 * bundle, or lacks the export.
 */
export async function prepareModuleTarget(spec: ModuleTargetSpec, options: PrepareOptions): Promise<Target> {
  const exportName = spec.export ?? DEFAULT_EXPORT
  const bundle = await bundleModule(resolve(options.rootDir, spec.module), exportName, spec.module)

  const spawnOne = (dbPath: string, startOptions: StartOptions, startLine: boolean, onReady?: () => void) => {
    const timeoutMs = startOptions.timeoutMs ?? options.timeoutMs
    const settings: ChildSettings = {
      startLine,
      // Only a bundle that imports better-sqlite3 itself gets the hooks: loading it for a target that
      // does not use it would cost every start and count nothing.
      statements:
        bundle.usesBetterSqlite &&
        (startOptions.countStatements === true ||
          startOptions.killAfterStatement !== undefined ||
          startOptions.maxPageCountGrowth !== undefined),
    }
    // A start among others on one file (concurrent-start) would find their locks too; one with the hooks
    // counts statements, which the probe's own would change.
    if (bundle.usesBetterSqlite && !startLine && !settings.statements) settings.probeWriteLock = true
    if (bundle.usesBetterSqlite && startOptions.readOnReturn !== undefined)
      settings.readOnReturn = startOptions.readOnReturn
    if (startOptions.killAfterStatement !== undefined)
      settings.killAfterStatement = startOptions.killAfterStatement
    if (startOptions.maxPageCountGrowth !== undefined)
      settings.maxPageCount = pageCount(dbPath) + startOptions.maxPageCountGrowth
    const child = spawnChild({
      file: process.execPath,
      args: [bundle.runnerFile, bundle.targetFile, exportName, resolve(dbPath), JSON.stringify(settings)],
      cwd: options.rootDir,
      channel: true,
      timeoutMs,
      ...(startOptions.killAfterMs === undefined ? {} : { killAfterMs: startOptions.killAfterMs }),
      ...(onReady ? { onMessage: (message) => message.t === 'ready' && onReady() } : {}),
    })
    const run = child.exit.then((exit) => toTargetRun(exit, timeoutMs, readReport(exit)))
    return { child, run }
  }

  return {
    description: describeTarget(spec, options.rootDir),
    kind: 'module',
    hooks: { startLine: true, statements: bundle.usesBetterSqlite },
    start: (dbPath, startOptions = {}) => spawnOne(dbPath, startOptions, false).run,
    startMany: (dbPath, count, startOptions = {}) => {
      // Release everyone once each child is ready or has already ended (a child that failed to load
      // must not hold the others at the line until they time out).
      const children: RunningChild[] = []
      let settled = 0
      const settle = (): void => {
        settled++
        if (settled === count) for (const child of children) child.release()
      }
      const runs: Promise<TargetRun>[] = []
      for (let i = 0; i < count; i++) {
        let ready = false
        const { child, run } = spawnOne(dbPath, startOptions, true, () => {
          ready = true
          settle()
        })
        children.push(child)
        void child.exit.then(() => ready || settle())
        runs.push(run)
      }
      return Promise.all(runs)
    },
    [Symbol.asyncDispose]: () => bundle[Symbol.asyncDispose](),
  }
}

/** The pages a database file holds before a start (none when it is empty or not there yet). */
function pageCount(dbPath: string): number {
  const size = statSync(dbPath, { throwIfNoEntry: false })?.size ?? 0
  if (size === 0) return 0
  const pageSize = readDatabaseHeader(dbPath)?.pageSize ?? 4096
  return Math.ceil(size / pageSize)
}
