import type { CheckOutcome } from './types.ts'

/**
 * What a check that cannot judge because the target did not start reports: a skip when the run's
 * `starts` result reports that failure, and a failure when the run leaves `starts` out (a skip would
 * then pass a snapshot the target cannot even upgrade).
 */
export function failedStartOutcome(error: string | undefined, startsReported: boolean): CheckOutcome {
  return startsReported
    ? { status: 'skip', message: `skipped: the target did not start (${error})` }
    : { status: 'fail', message: `the target did not start (${error})` }
}
