// Broken for `refuses-newer`: a history this release does not understand is logged and ignored, so a
// rolled-back deployment starts on a newer release's database as if nothing were wrong.
import { initDb as currentInitDb } from '../../../app/init-db.ts'
import { MigrationError } from '../../../app/migration-error.ts'

export function initDb(path: string): void {
  try {
    currentInitDb(path)
  } catch (error) {
    if (!(error instanceof MigrationError && error.message.includes('does not know'))) throw error
    console.error(`warning: ${error.message}; starting anyway`)
  }
}
