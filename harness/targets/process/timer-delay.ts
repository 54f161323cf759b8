/** setTimeout fires at once for delays beyond this (about 24.8 days, with a TimeoutOverflowWarning). */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * `ms` as a setTimeout delay: a limit longer than a timer can wait (a config's `timeoutMs: 1e10`, meaning
 * "no limit to speak of") waits as long as a timer can, instead of firing at once and failing every start
 * as timed out.
 *
 * @example setTimeout(stop, timerDelay(config.timeoutMs))
 */
export function timerDelay(ms: number): number {
  return Math.min(ms, MAX_TIMER_MS)
}
