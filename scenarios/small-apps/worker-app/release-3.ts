import { makeInitDb } from './make-init-db.ts'

/** Release 3 of the worker app. */
export const initDb = makeInitDb(3)
