import { makeInitDb } from './make-init-db.ts'

/** Release 3, broken: it hangs on a database a newer release made instead of refusing it. */
export const initDb = makeInitDb(3, { onUnknown: 'hang' })
