/** Every check, in the order the gate runs and reports them. These names are a contract. */
export const CHECK_NAMES = [
  'starts',
  'matches-fresh',
  'history',
  'data-preserved',
  'idempotent',
  'integrity',
  'concurrent-start',
  'interrupted',
  'refuses-newer',
  'budget',
  'disk-full',
  'migrations-unchanged',
] as const

/** The name of one check. */
export type CheckName = (typeof CHECK_NAMES)[number]

/** Narrows a string to a check name. */
export function isCheckName(name: string): name is CheckName {
  return (CHECK_NAMES as readonly string[]).includes(name)
}
