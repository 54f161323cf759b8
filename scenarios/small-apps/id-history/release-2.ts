import { makeInitDb } from './make-init-db.ts'

/** Release 2 of the id-history app. */
export const initDb = makeInitDb(2)
