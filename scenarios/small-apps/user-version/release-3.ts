import { makeInitDb } from './make-init-db.ts'

/** Release 3 of the user_version app. */
export const initDb = makeInitDb(3)
