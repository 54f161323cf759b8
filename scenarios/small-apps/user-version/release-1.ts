import { makeInitDb } from './make-init-db.ts'

/** Release 1 of the user_version app. */
export const initDb = makeInitDb(1)
