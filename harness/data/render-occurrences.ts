import { renderRow } from './sql-text.ts'
import { SHOWN_AS_BYTES } from './text-bytes.ts'

/** A row of a table without a key whose number of occurrences differs between the two sides. */
export interface Occurrence {
  /** Its values as shown (a text that may not be valid UTF-8 as its bytes), then their storage classes. */
  values: unknown[]
  before: number
  after: number
  /** Whether some text in `values` is shown as its bytes. */
  asBytes: boolean
}

/**
 * Sample rows of a table without a key, found more often on one side (`mine`) than on the other
 * (`theirs`), each with how many times it occurs on each side: `(n=1, v='abc') 1× before, 0× after`.
 * Nothing pairs a row lost with the row added in its place, and a row is cut to a few columns and
 * short values, so the two can read alike, as if nothing had changed: a sample that reads as one of
 * `theirs` is shown apart from it (the columns that differ, from where they differ).
 */
export function renderOccurrences(columns: string[], mine: Occurrence[], theirs: Occurrence[]): string[] {
  const twins = new Map<string, Occurrence>()
  for (const other of theirs) {
    const shown = renderRow(columns, other.values)
    if (!twins.has(shown)) twins.set(shown, other)
  }
  return mine.map((sample) => {
    const twin = twins.get(renderRow(columns, sample.values))
    const row = renderRow(columns, sample.values, { apartFrom: twin?.values })
    const counts = `${sample.before}× before, ${sample.after}× after`
    return sample.asBytes ? `${row} ${counts} ${SHOWN_AS_BYTES}` : `${row} ${counts}`
  })
}
