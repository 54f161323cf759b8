import { makeInitDb } from './make-init-db.ts'

/** Release 3 of the mixed app. */
export const initDb = makeInitDb(3)
