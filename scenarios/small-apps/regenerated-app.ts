// A small scenario app's gate, set up as a release engineer would: a config whose releases 1 to n-1 are
// regenerated from their own initDb into a temporary folder, and whose target is release n.
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { afterAll, beforeAll, expect } from 'vitest'
import { loadConfig } from '../../harness/config/load-config.ts'
import type { Config, HistorySpec } from '../../harness/config/types.ts'
import { regenerateSnapshots } from '../../harness/snapshots/regenerate-snapshots.ts'

/** What {@link regeneratedApp} needs: the app's folder, holding `release-1.ts` to `release-<releases>.ts`. */
export interface SmallApp {
  folder: string
  releases: number
  history: HistorySpec
}

/** The app's config, its snapshots regenerated; dispose it to remove the temporary folder. */
export async function regeneratedApp(app: SmallApp): Promise<{ config: Config } & AsyncDisposable> {
  const work = await dir({ unsafeCleanup: true, prefix: `upgrade-harness-${path.basename(app.folder)}-` })
  const release = (n: number) => ({
    name: `v${n}.0.0`,
    version: `${n}.0.0`,
    target: { module: path.join(app.folder, `release-${n}.ts`) },
  })
  const file = path.join(work.path, 'upgrade-harness.config.json')
  await writeFile(
    file,
    JSON.stringify({
      snapshots: 'snapshots',
      target: { module: path.join(app.folder, `release-${app.releases}.ts`) },
      history: app.history,
      releases: Array.from({ length: app.releases - 1 }, (_, i) => release(i + 1)),
      concurrency: 4,
    }),
  )
  const config = await loadConfig(file)
  const regenerated = await regenerateSnapshots(config)
  expect(regenerated.ok).toBe(true)
  return { config, [Symbol.asyncDispose]: () => work.cleanup() }
}

/** The history table most small apps keep. */
export const MIGRATIONS_TABLE: HistorySpec = { table: 'schema_migrations', column: 'migration_name' }

/**
 * {@link regeneratedApp} for a test file: made before its tests, removed after them. Call the returned
 * function inside a test, as in `runGate(app().config)`.
 */
export function useRegeneratedApp(app: SmallApp): () => { config: Config } {
  let made: ({ config: Config } & AsyncDisposable) | undefined
  beforeAll(async () => {
    made = await regeneratedApp(app)
  })
  afterAll(() => made?.[Symbol.asyncDispose]())
  return () => {
    if (!made) throw new Error(`${app.folder}: read before its snapshots were regenerated`)
    return made
  }
}
