// Broken for `budget`: a backfill on every start that takes far longer than a deployment's health check
// allows (simulated by blocking for a fixed time, so the proof does not depend on the machine's speed).
import { initDb as currentInitDb } from '../../../app/init-db.ts'

/** How long the slow backfill blocks. */
export const SLOW_BACKFILL_MS = 3000

export function initDb(path: string): void {
  currentInitDb(path)
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SLOW_BACKFILL_MS)
}
