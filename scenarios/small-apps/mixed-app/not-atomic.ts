import { makeInitDb } from './make-init-db.ts'

/** Release 3 of the mixed app, broken: a migration and its history row are not in one transaction. */
export const initDb = makeInitDb(3, false)
