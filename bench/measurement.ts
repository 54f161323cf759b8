import type { Stats } from './stats.ts'

/** The unit a measurement is expressed in. */
export type Unit = 'ms' | 'MiB' | 'x'

/** One line of the results: what was measured, its spread, its goal and whether the goal is met. */
export interface Measurement {
  /** Which benchmark group made it (`overhead`, `releases`, `size`, `start-cost`, `inspect`, `container`). */
  group: string
  name: string
  unit: Unit
  /** Median and spread over the repetitions (a single sample has min = max = median). */
  stats: Stats
  /** The goal in words, e.g. `<= 1.3x floor`; absent for figures reported for context. */
  goal?: string
  /** Whether the median meets the goal; null when there is no goal. */
  met: boolean | null
  /** Anything a reader needs to interpret the figure. */
  note?: string
}

/** A measurement with a goal `median <= limit` (or `<` when `strict`). */
export function withGoal(
  base: Omit<Measurement, 'goal' | 'met'>,
  limit: number,
  strict = false,
  describe = `${strict ? '<' : '<='} ${limit}${base.unit === 'x' ? 'x' : ` ${base.unit}`}`,
): Measurement {
  const value = base.stats.median
  return { ...base, goal: describe, met: strict ? value < limit : value <= limit }
}

/** A measurement with a goal `median >= limit`. */
export function atLeast(
  base: Omit<Measurement, 'goal' | 'met'>,
  limit: number,
  describe?: string,
): Measurement {
  return {
    ...base,
    goal: describe ?? `>= ${limit}${base.unit === 'x' ? 'x' : ` ${base.unit}`}`,
    met: base.stats.median >= limit,
  }
}

/** A figure reported for context, without a goal. */
export function info(base: Omit<Measurement, 'goal' | 'met'>): Measurement {
  return { ...base, met: null }
}
