import Database from 'better-sqlite3'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Config, ReleaseSpec } from '../config/types.ts'
import { InputError, errorMessage } from '../errors.ts'
import type { PrepareOptions, Target, TargetSpec } from '../targets/target.ts'
import { displayPath } from './display-path.ts'
import type { Manifest } from './manifest.ts'
import { scaleDatabase } from './scale-database.ts'
import { createEmptyWorkingCopy } from './working-copy.ts'
import { writeSnapshot } from './write-snapshot.ts'

/** Prepares a target from its spec: the real one runs it in a child process; tests pass an in-process twin. */
export type PrepareTargetFn = (spec: TargetSpec, options: PrepareOptions) => Promise<Target>

/** How {@link buildRelease} runs. */
export interface BuildReleaseOptions {
  prepareTarget: PrepareTargetFn
  /** Row multiplier applied after the fixtures (1: none). */
  scale: number
  onProgress: (line: string) => void
}

/**
 * Makes one release's snapshot in `dir`: the release's real initDb on an empty database (in its own
 * process), its fixtures, its `afterSql`, the optional scaling, then {@link writeSnapshot}.
 * Throws when the target fails or a fixture cannot be run; the caller decides what that means.
 */
export async function buildRelease(
  config: Config,
  release: ReleaseSpec,
  dir: string,
  options: BuildReleaseOptions,
): Promise<Manifest> {
  const say = (line: string): void => options.onProgress(`${release.name}: ${line}`)
  await using copy = await createEmptyWorkingCopy()
  {
    await using target = await options.prepareTarget(release.target, {
      rootDir: config.rootDir,
      timeoutMs: config.timeoutMs,
    })
    say(`starting ${target.description} on an empty database`)
    const run = await target.start(copy.dbPath)
    if (!run.ok)
      throw new Error(`${target.description} failed on an empty database: ${run.error ?? 'no message'}`)
  }
  const db = new Database(copy.dbPath)
  try {
    for (const fixture of release.fixtures ?? []) {
      const file = path.resolve(config.rootDir, fixture)
      say(`fixtures ${displayPath(file)}`)
      const sql = await readFile(file, 'utf8').catch(() => {
        throw new InputError(`${displayPath(file)}: fixture file not found (release ${release.name})`)
      })
      runSql(db, sql, displayPath(file))
    }
    for (const [i, sql] of (release.afterSql ?? []).entries()) {
      say(`afterSql #${i + 1}`)
      runSql(db, sql, `release ${release.name} afterSql #${i + 1}`)
    }
    if (options.scale > 1) {
      const history = 'table' in config.history ? [config.history.table] : []
      const added = scaleDatabase(db, options.scale, history)
      say(
        `scaled ×${options.scale}: ${
          Object.entries(added)
            .map(([t, n]) => `${t} +${n}`)
            .join(', ') || 'nothing to scale'
        }`,
      )
    }
  } finally {
    db.close()
  }
  const notes = [
    `Release ${release.name}: initDb of ${describeSpec(release.target, config.rootDir)} on an empty database`,
    ...(release.fixtures ?? []).map(
      (f) => `fixtures ${path.relative(config.rootDir, path.resolve(config.rootDir, f))}`,
    ),
    ...(release.afterSql?.length ? [`${release.afterSql.length} afterSql statement(s)`] : []),
    ...(options.scale > 1 ? [`scaled ×${options.scale}`] : []),
  ].join('; ')
  const manifest = await writeSnapshot({
    dbPath: copy.dbPath,
    dir,
    name: release.name,
    version: release.version,
    source: 'regenerated',
    history: config.history,
    notes,
    ...(release.migrations ? { migrationsDir: path.resolve(config.rootDir, release.migrations) } : {}),
  })
  // Built, not yet written: every release is swapped into the snapshots folder together, or none is.
  say(
    `built (sha256 ${manifest.sha256.slice(0, 12)}..., ${Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0)} rows)`,
  )
  return manifest
}

function runSql(db: Database.Database, sql: string, where: string): void {
  try {
    db.exec(sql)
  } catch (error) {
    throw new InputError(`${where}: ${errorMessage(error)}`, { cause: error })
  }
}

/** The target as the manifest's notes name it: paths relative to the config's folder, never this machine's. */
function describeSpec(spec: TargetSpec, rootDir: string): string {
  if ('image' in spec) return `image ${spec.image}`
  if ('module' in spec) return `module ${path.relative(rootDir, path.resolve(rootDir, spec.module))}`
  return `command ${spec.command.join(' ')}`
}
