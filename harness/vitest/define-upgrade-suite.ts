import { afterAll, beforeAll, describe, test } from 'vitest'
import type { GateOptions } from '../checks/gate-session.ts'
import { selectChecks, selectSnapshots } from '../checks/select.ts'
import { type GateReport, runGate } from '../checks/run-gate.ts'
import type { CheckResult } from '../checks/types.ts'
import { configField } from '../config/config-field.ts'
import { loadConfig } from '../config/load-config.ts'
import { InputError } from '../errors.ts'
import { failureDetail } from '../report/failure-detail.ts'
import { loadCatalogue } from '../snapshots/load-catalogue.ts'
import { endWithParent } from './end-with-parent.ts'
import { assertSuiteOptions, CHECKS_OPTION, SNAPSHOTS_OPTION } from './suite-options.ts'
import { testsToRun } from './tests-to-run.ts'
import { timerDelay } from '../targets/process/timer-delay.ts'

/** How much longer vitest's hook may run than the suite's own limit, so that the suite's message wins. */
const HOOK_MARGIN_MS = 5_000

/** Options of {@link defineUpgradeSuite}. */
export interface UpgradeSuiteOptions extends Omit<GateOptions, 'onResult'> {
  /** Config file. Default: `upgrade-harness.config.*` in the working directory. */
  config?: string
  /** How titles name the target: `v0.9.5 → current`. Default: `current`. */
  targetLabel?: string
  /** Time limit of the whole gate run, in milliseconds. Default: 10 minutes. */
  timeoutMs?: number
  /**
   * Run only this share of the snapshots, as `i/n` (snapshot k belongs to shard k mod n + 1), so CI can
   * spread a long release history over n jobs. Default: `UPGRADE_HARNESS_SHARD` from the environment, or all.
   */
  shard?: string
}

/** The default time limit of a suite's gate run. */
export const DEFAULT_SUITE_TIMEOUT_MS = 600_000

/**
 * Declares the upgrade matrix as vitest tests, with the same engine as `upgrade-harness run`: a
 * `describe` per snapshot (`v0.9.5 → current`) and a test per check (`matches-fresh`). The gate runs once,
 * snapshots in parallel, before the tests; each test reports its check's result.
 *
 * @example
 * // scenarios/upgrade.test.ts
 * await defineUpgradeSuite()
 */
export async function defineUpgradeSuite(options: UpgradeSuiteOptions = {}): Promise<void> {
  assertSuiteOptions(options as Record<string, unknown>)
  const config = await loadConfig(options.config)
  // Its origin too, as the CLI says it: a folder that is not there is a line of the config to fix.
  const catalogue = await loadCatalogue(config.snapshots, configField(config, 'snapshots'))
  // Chosen as `upgrade-harness run` chooses them, before any test is declared: an unknown name (or no
  // snapshots at all) fails the file once instead of every test, and a name given twice is one snapshot,
  // not two describes counting its results twice. Only a shard may come out empty.
  const all = selectSnapshots(catalogue, options.snapshots, config, SNAPSHOTS_OPTION).map((s) => s.name)
  const shard = options.shard ?? process.env['UPGRADE_HARNESS_SHARD']
  const names = selectShard(all, shard, options.shard === undefined ? 'UPGRADE_HARNESS_SHARD' : 'shard')
  const checks = selectChecks(options.checks, CHECKS_OPTION)
  const label = options.targetLabel ?? 'current'
  const timeout = options.timeoutMs ?? DEFAULT_SUITE_TIMEOUT_MS
  // What timers can wait (a timeoutMs of 1e10 for "no limit" would fire at once), with room for the hook's
  // margin above it: vitest sets its hook and test timeouts with setTimeout too.
  const limit = Math.min(timeout, timerDelay(Infinity) - HOOK_MARGIN_MS)
  let reports: GateReport[] = []
  let setupError: unknown

  if (names.length === 0) {
    // More shards than snapshots: this shard has nothing to run, which is not a failure (and an empty
    // snapshot list would mean "every snapshot" to the gate).
    test.skip(`no snapshots in shard ${shard}`, () => {})
    return
  }

  // Each describe's title, to find out in beforeAll which of its tests vitest will run.
  const describes = new Map(names.map((name) => [`${name} → ${label}`, name]))

  // vitest passes the suite to a hook second; its first parameter must be a destructuring pattern.
  // eslint-disable-next-line no-empty-pattern
  beforeAll(async ({}, suite) => {
    // Only what the tests left after `-t`, `.only` and `.skip` need: one test picked by name to debug
    // must not wait for the whole matrix.
    const runs = testsToRun(suite, describes)
    // An empty list would mean "all" to the gate; vitest runs no hook for a suite without tests to run.
    if (runs.length === 0) return
    const whole =
      runs.length === 1 &&
      runs[0]?.snapshots.length === names.length &&
      runs[0].checks.length === checks.length
    // The suite's own limit, a little before vitest's: vitest's message would point at its hookTimeout,
    // where the setting to raise is this suite's timeoutMs.
    let timer: NodeJS.Timeout | undefined
    const overtime = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `the upgrade gate ran past timeoutMs (${timeout} ms): raise defineUpgradeSuite's timeoutMs`,
            ),
          ),
        limit,
      )
    })
    try {
      const gate = async (): Promise<GateReport[]> => {
        const done: GateReport[] = []
        for (const wanted of runs) done.push(await runGate(config, { ...options, ...wanted }))
        return done
      }
      reports = await Promise.race([endWithParent(gate), overtime])
      // The config's rules that matched nothing, as `upgrade-harness run` prints them, so ignore lists
      // cannot rot unseen under `npm test` either. A shard, or a run filtered by test name, sees only some
      // snapshots: a rule that another one needs would read as unused there, so only a whole suite warns.
      if (!shard && whole)
        for (const warning of reports[0]?.warnings ?? []) console.warn(`upgrade-harness: warning: ${warning}`)
    } catch (error) {
      setupError = error
    } finally {
      clearTimeout(timer)
    }
  }, limit + HOOK_MARGIN_MS)
  afterAll(() => {
    reports = []
  })

  // The titles as data, not in the format string: a label with a `%` in it (`50%off`) was read as a
  // format (`50undefinedff`), so no describe matched its title and every test reported no result.
  describe.for([...describes])('%s', { timeout: limit }, ([, snapshot]) => {
    test.for(checks)('%s', (check, context) => {
      if (setupError) throw setupError
      const result = reports
        .flatMap((report) => report.results)
        .find((r) => r.snapshot === snapshot && r.check === check)
      if (!result) throw new Error(`no result for ${snapshot} › ${check}`)
      if (result.status === 'skip') {
        context.skip(result.message)
        return
      }
      if (result.status === 'fail') throw new Error(failureText(result))
    })
  })
}

function failureText(result: CheckResult): string {
  const detail = failureDetail(result)
  return `${result.check} failed on ${result.snapshot}: ${result.message}${detail ? `\n\n${detail}` : ''}`
}

/** The snapshots of shard `i/n`: every n-th one, starting at the i-th. `source` names where `shard` came from. */
export function selectShard(
  names: string[],
  shard: string | undefined,
  source = 'UPGRADE_HARNESS_SHARD',
): string[] {
  if (!shard) return names
  const match = /^(\d+)\/(\d+)$/.exec(shard)
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || count < 1 || index < 1 || index > count) {
    throw new InputError(`${source} "${shard}": expected i/n with 1 <= i <= n, e.g. 2/4`)
  }
  return names.filter((_, k) => k % count === index - 1)
}
