/** A summary of repeated timings (or sizes): robust figures for a noisy, shared machine. */
export interface Stats {
  median: number
  min: number
  max: number
  /** First and third quartiles. */
  q1: number
  q3: number
  /** How many samples. */
  n: number
}

/** Summarises samples; NaN everywhere for none. */
export function summarize(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    n: sorted.length,
  }
}

/** Linear interpolation between closest ranks (the usual definition; the median of two is their mean). */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  const a = sorted[low]!
  const b = sorted[high]!
  return a + (b - a) * (position - low)
}

/** Runs `work` and returns how long it took in milliseconds. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

/** Element-wise ratios `a[i] / b[i]` of two paired series (interleaved repetitions). */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, i) => value / (b[i] ?? Number.NaN))
}

/**
 * `steps` as given on even repetitions and reversed on odd ones (the warm-up, -1, counts as odd): two
 * things compared run in the same repetition, and alternate which goes first, so that a machine getting
 * busier or quieter, or one leaving the other warm caches, weighs on both alike.
 */
export function alternate<T>(steps: readonly T[], repetition: number): T[] {
  return repetition % 2 === 0 ? [...steps] : [...steps].reverse()
}
