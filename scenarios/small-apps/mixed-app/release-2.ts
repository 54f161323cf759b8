import { makeInitDb } from './make-init-db.ts'

/** Release 2 of the mixed app. */
export const initDb = makeInitDb(2)
