import { makeInitDb } from './make-init-db.ts'

/** Release 2 of the worker app. */
export const initDb = makeInitDb(2)
