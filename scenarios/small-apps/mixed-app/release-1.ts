import { makeInitDb } from './make-init-db.ts'

/** Release 1 of the mixed app. */
export const initDb = makeInitDb(1)
