import type { Database } from 'better-sqlite3'
import { stat } from 'node:fs/promises'
import { runWorker } from '../data/run-worker.ts'
import { openReadOnly } from '../inspect/open-read-only.ts'
import { fullTextIndexProblems } from './full-text-integrity.ts'
import { count, summarize } from './summarize.ts'
import type { Check, UpgradedDatabase } from './types.ts'

interface ForeignKeyViolation {
  table: string
  rowid: number | null
  parent: string
  fkid: number
}

/**
 * `integrity`: `PRAGMA integrity_check` is ok, `PRAGMA foreign_key_check` is empty, and every
 * external-content FTS5 index holds rows when its table has some, after the upgrade.
 */
export const integrityCheck: Check = {
  name: 'integrity',
  async run({ upgraded }) {
    const { integrity, violations } = await readIntegrity(upgraded)
    const fullText = fullTextIndexProblems(upgraded.connection())
    const messages = integrity.filter((m) => m !== 'ok')
    const problems = messages.map((m) => `integrity_check: ${m}`)
    if (violations.length > 0) {
      const first = violations[0]!
      problems.push(
        `foreign_key_check: ${count(violations.length, 'row')} ${violations.length === 1 ? 'violates' : 'violate'} foreign keys, ` +
          `e.g. ${first.table} rowid ${first.rowid} references a missing ${first.parent} row`,
      )
    }
    problems.push(...fullText)
    const details = { problems, integrity: messages, foreignKeyViolations: violations.slice(0, 20) }
    if (problems.length > 0) return { status: 'fail', message: summarize(problems), details }
    return { status: 'pass', message: 'integrity_check ok, no foreign key violations', details }
  },
}

/** Databases at least this large are checked on a worker thread, alongside the other reading checks. */
export const INTEGRITY_WORKER_BYTES = 32 * 1024 * 1024

interface IntegrityReport {
  integrity: string[]
  violations: ForeignKeyViolation[]
}

async function readIntegrity(upgraded: UpgradedDatabase): Promise<IntegrityReport> {
  const { dbPath } = upgraded
  if ((await stat(dbPath)).size < INTEGRITY_WORKER_BYTES) return readIntegrityOf(upgraded.connection())
  return runWorker<IntegrityReport>(new URL('./integrity-worker.mjs', import.meta.url), { dbPath })
}

/** `integrity_check` rows and foreign key violations of a database file, read on this thread. */
export function readIntegrityHere(dbPath: string): IntegrityReport {
  using file = openReadOnly(dbPath)
  return readIntegrityOf(file.db)
}

function readIntegrityOf(db: Database): IntegrityReport {
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map(
    (row) => row.integrity_check,
  )
  return { integrity, violations: db.pragma('foreign_key_check') as ForeignKeyViolation[] }
}
