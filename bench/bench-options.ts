/** What every benchmark group is given by the runner. */
export interface BenchOptions {
  /** Fewer repetitions and smaller sizes, to finish in a few minutes. */
  quick: boolean
  /** Progress lines (to stderr): a long run should not look hung. */
  log: (line: string) => void
}
