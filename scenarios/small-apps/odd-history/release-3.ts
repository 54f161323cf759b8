import { makeInitDb } from './make-init-db.ts'

/** Release 3 of the odd-history app. */
export const initDb = makeInitDb(3)
