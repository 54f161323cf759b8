import Database from 'better-sqlite3'
import { count, summarize } from './summarize.ts'
import type { Check } from './types.ts'

interface ForeignKeyViolation {
  table: string
  rowid: number | null
  parent: string
  fkid: number
}

/** `integrity`: `PRAGMA integrity_check` is ok and `PRAGMA foreign_key_check` is empty after the upgrade. */
export const integrityCheck: Check = {
  name: 'integrity',
  async run({ upgraded }) {
    const db = new Database(upgraded.dbPath, { readonly: true, fileMustExist: true })
    try {
      const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]
      const messages = integrity.map((row) => row.integrity_check).filter((m) => m !== 'ok')
      const violations = db.pragma('foreign_key_check') as ForeignKeyViolation[]
      const problems = messages.map((m) => `integrity_check: ${m}`)
      if (violations.length > 0) {
        const first = violations[0]!
        problems.push(
          `foreign_key_check: ${count(violations.length, 'row')} violate foreign keys, ` +
            `e.g. ${first.table} rowid ${first.rowid} references a missing ${first.parent} row`,
        )
      }
      const details = { integrity: messages, foreignKeyViolations: violations.slice(0, 20) }
      if (problems.length > 0) return { status: 'fail', message: summarize(problems), details }
      return { status: 'pass', message: 'integrity_check ok, no foreign key violations', details }
    } finally {
      db.close()
    }
  },
}
