import { makeInitDb } from './make-init-db.ts'

/** Release 2 of the user_version app. */
export const initDb = makeInitDb(2)
