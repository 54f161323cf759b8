import { makeInitDb } from './make-init-db.ts'

/** Broken: applies the migrations but never records them in user_version. */
export const initDb = makeInitDb(3, { bumpVersion: false })
