import type { CheckName } from './check-names.ts'
import { dataPreservedCheck } from './data-preserved.ts'
import { historyCheck } from './history.ts'
import { idempotentCheck } from './idempotent.ts'
import { integrityCheck } from './integrity.ts'
import { matchesFreshCheck } from './matches-fresh.ts'
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
]

/** The check with this name, if the gate has it. */
export function findCheck(name: CheckName): Check | undefined {
  return CHECKS.find((c) => c.name === name)
}
