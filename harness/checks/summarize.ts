/** One line from a list of problems: the first in full, then how many more (the details hold all). */
export function summarize(problems: readonly string[]): string {
  const [first, ...rest] = problems
  if (first === undefined) return ''
  return rest.length === 0 ? first : `${first} (and ${rest.length} more)`
}

/** A plural-aware count: `1 row`, `3 rows`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
