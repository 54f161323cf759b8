import { budgetCheck } from './budget.ts'
import type { CheckName } from './check-names.ts'
import { concurrentStartCheck } from './concurrent-start.ts'
import { dataPreservedCheck } from './data-preserved.ts'
import { diskFullCheck } from './disk-full.ts'
import { historyCheck } from './history.ts'
import { idempotentCheck } from './idempotent.ts'
import { integrityCheck } from './integrity.ts'
import { interruptedCheck } from './interrupted.ts'
import { matchesFreshCheck } from './matches-fresh.ts'
import { migrationsUnchangedCheck } from './migrations-unchanged.ts'
import { refusesNewerCheck } from './refuses-newer.ts'
import { startsCheck } from './starts.ts'
import type { Check } from './types.ts'

/** Every check the gate can run, in report order. `starts` comes first: the others need its result. */
export const CHECKS: readonly Check[] = [
  startsCheck,
  matchesFreshCheck,
  historyCheck,
  dataPreservedCheck,
  idempotentCheck,
  integrityCheck,
  concurrentStartCheck,
  interruptedCheck,
  refusesNewerCheck,
  budgetCheck,
  diskFullCheck,
  migrationsUnchangedCheck,
]

/** The core checks: what a fast gate on every commit runs (`--check` each of them). */
export const CORE_CHECKS: readonly CheckName[] = [
  'starts',
  'matches-fresh',
  'history',
  'data-preserved',
  'idempotent',
  'integrity',
]
