import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Config } from '../config/types.ts'
import { compareData } from '../data/compare-data.ts'
import { renderDataComparison, tableDiffers } from '../data/render-data-comparison.ts'
import { diffSchemas } from '../diff/diff-schemas.ts'
import { inspectDatabase } from '../inspect/inspect-database.ts'
import Database from 'better-sqlite3'
import { HarnessResourceError, InputError, errorMessage } from '../errors.ts'
import { displayPath } from './display-path.ts'
import { MANIFEST_FILE } from './load-catalogue.ts'
import { parseManifest } from './parse-manifest.ts'
import { readHistory } from './read-history.ts'
import { createWorkingCopy } from './working-copy.ts'

/**
 * The logical differences between a committed snapshot folder and a freshly regenerated one, one
 * line each (empty: the same): manifest version and migration hashes, schema (every difference the
 * structural diff finds, column order included), history names and order (not its timestamps), and
 * every table's rows both ways (the history table and the config's volatile columns left out).
 * The committed folder is only read: its database is compared through a working copy.
 */
export async function compareSnapshots(
  config: Config,
  committedDir: string,
  regeneratedDir: string,
): Promise<string[]> {
  const manifestPath = path.join(committedDir, MANIFEST_FILE)
  const text = await readFile(manifestPath, 'utf8').catch(() => undefined)
  if (text === undefined) return [`no committed snapshot at ${displayPath(committedDir)}`]
  const committed = parseManifest(text, displayPath(manifestPath), path.basename(committedDir))
  const fresh = parseManifest(
    await readFile(path.join(regeneratedDir, MANIFEST_FILE), 'utf8'),
    'regenerated manifest',
  )
  const differences: string[] = []
  if (committed.version !== fresh.version)
    differences.push(`version: committed ${committed.version}, regenerated ${fresh.version}`)
  for (const file of new Set([...Object.keys(committed.migrations), ...Object.keys(fresh.migrations)])) {
    const [a, b] = [committed.migrations[file], fresh.migrations[file]]
    if (a !== b)
      differences.push(
        `migration ${file}: committed ${a?.slice(0, 12) ?? 'absent'}, regenerated ${b?.slice(0, 12) ?? 'absent'}`,
      )
  }

  const committedDb = path.join(committedDir, committed.file)
  await using copy = await createWorkingCopy(committedDb).catch((error: unknown) => {
    // The committed catalogue is broken (its manifest names a file that is not there): bad input, said
    // in one line, not a difference quoting the temporary copy's path. A full temporary folder stays the harness's.
    if (error instanceof HarnessResourceError) throw error
    throw new InputError(
      `snapshot "${path.basename(committedDir)}": cannot read ${displayPath(committedDb)}, which ${displayPath(manifestPath)} names (${errorMessage(error)})`,
      { cause: error },
    )
  })
  const regeneratedDb = path.join(regeneratedDir, fresh.file)
  try {
    const schema = diffSchemas(inspectDatabase(copy.dbPath), inspectDatabase(regeneratedDb), {
      expectedLabel: 'committed',
      actualLabel: 'regenerated',
      strictColumnOrder: true,
    })
    differences.push(...schema.differences.map((d) => `schema: ${d.message}`))
  } catch (error) {
    differences.push(`schema: cannot compare (${errorMessage(error)})`)
  }

  const [before, after] = [copy.dbPath, regeneratedDb].map((file) => {
    const db = new Database(file, { readonly: true })
    try {
      return readHistory(db, config.history)
    } finally {
      db.close()
    }
  })
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    differences.push(
      `history: committed [${before?.join(', ') ?? 'no table'}], regenerated [${after?.join(', ') ?? 'no table'}]`,
    )
  }

  const data = compareData(copy.dbPath, regeneratedDb, {
    bidirectional: true,
    volatile: config.data.volatile,
    excludeTables: 'table' in config.history ? [config.history.table] : [],
    beforeLabel: 'committed',
    afterLabel: 'regenerated',
  })
  if (!data.ok) {
    // Only the tables that differ, chosen by their outcome: a line's words (a table named skipped_x,
    // a value that says "skipped") must not hide a difference.
    const differing = { ...data, tables: data.tables.filter(tableDiffers) }
    differences.push(
      ...renderDataComparison(differing)
        .split('\n')
        .filter((line) => line.startsWith('table '))
        .map((line) => `data: ${line}`),
    )
  }
  return differences
}
