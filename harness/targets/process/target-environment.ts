/**
 * What vitest (and vite under it) put into the test process's environment. `NODE_ENV` is only theirs
 * when it says `test`: vitest sets it when unset, and leaves any other value alone.
 */
const TEST_RUNNER_VARIABLES = [
  'VITEST',
  'VITEST_MODE',
  'VITEST_POOL_ID',
  'VITEST_WORKER_ID',
  'TEST',
  'MODE',
  'DEV',
  'PROD',
  'SSR',
  'BASE_URL',
  'FORCE_TTY',
]

/**
 * The environment a target starts with: the harness's own, less what a test runner added to it. Under
 * `npm test` the suite's process carries vitest's `NODE_ENV=test`, `DEV=1`, `MODE=test`; a target started
 * with them would run its test-mode start-up (seed data, another config) where `upgrade-harness run`,
 * like production, runs the real one, and the two would judge different code. Outside vitest
 * (`VITEST` unset) the environment is passed as it is.
 *
 * @example targetEnvironment({ VITEST: 'true', NODE_ENV: 'test', PATH: '/bin' }) // { PATH: '/bin' }
 */
export function targetEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (env['VITEST'] === undefined) return env
  const kept = { ...env }
  for (const name of TEST_RUNNER_VARIABLES) delete kept[name]
  if (kept['NODE_ENV'] === 'test') delete kept['NODE_ENV']
  return kept
}
