import { makeInitDb } from './make-init-db.ts'

/** Release 1 of the odd-history app. */
export const initDb = makeInitDb(1)
