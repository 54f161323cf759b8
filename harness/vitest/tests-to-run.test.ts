import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { makeTestPackage } from '../targets/test-package.ts'
import { describe, expect, test } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')

describe('a suite filtered by test name (vitest -t)', () => {
  test('runs the gate for the tests left, not the whole matrix', { timeout: 120_000 }, async () => {
    // A target that counts its starts: the reference app's initDb, one line in a log per start.
    await using work = await makeTestPackage({})
    const log = work.file('starts.log')
    await writeFile(
      work.file('counting.ts'),
      `import { appendFileSync } from 'node:fs'
import { initDb as real } from ${JSON.stringify(path.join(root, 'app/init-db.ts'))}
export function initDb(db: string): void {
  appendFileSync(${JSON.stringify(log)}, 'start\\n')
  real(db)
}\n`,
    )
    const config = path.join(work.path, 'c.json')
    await writeFile(
      config,
      JSON.stringify({ snapshots: path.join(root, 'snapshots'), target: { module: 'counting.ts' } }),
    )
    const suite = path.join(work.path, 'filtered.test.ts')
    await writeFile(
      suite,
      `import { defineUpgradeSuite } from ${JSON.stringify(path.join(root, 'harness/vitest/index.ts'))}
await defineUpgradeSuite({ config: ${JSON.stringify(config)}, snapshots: ['v0.9.5', 'v1.0.0'],
  checks: ['starts', 'idempotent', 'concurrent-start'], targetLabel: 'filtered' })\n`,
    )
    const vitest = path.join(root, 'node_modules/vitest/vitest.mjs')
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [vitest, 'run', suite, '-t', 'v1.0.0 → filtered starts'],
      { cwd: work.path, env: { ...process.env, NO_COLOR: '1' } },
    )
    expect(stdout).toMatch(/Tests\s+1 passed \| 5 skipped/)
    // The fresh database and v1.0.0's upgrade: the whole matrix started the target 53 times.
    const starts = (await readFile(log, 'utf8')).split('\n').filter(Boolean)
    expect(starts).toHaveLength(2)
  })

  test(
    'a check filtered in on a snapshot whose starts test is filtered out fails when the target does not start',
    { timeout: 120_000 },
    async () => {
      // rc.1's start crashes on v0.9.5 (no such column: token_hash) and works on its own database. The
      // filter keeps v1.0.0-rc.1's starts but only v0.9.5's matches-fresh: that one reported a skip ("the
      // target did not start") that counted on v0.9.5's starts test, which this run does not have.
      await using work = await makeTestPackage({})
      const config = path.join(work.path, 'c.json')
      await writeFile(
        config,
        JSON.stringify({
          snapshots: path.join(root, 'snapshots'),
          target: { module: path.join(root, 'app/releases/v1.0.0-rc.1/init-db.ts') },
        }),
      )
      const suite = path.join(work.path, 'mixed.test.ts')
      await writeFile(
        suite,
        `import { defineUpgradeSuite } from ${JSON.stringify(path.join(root, 'harness/vitest/index.ts'))}
await defineUpgradeSuite({ config: ${JSON.stringify(config)}, snapshots: ['v0.9.5', 'v1.0.0-rc.1'],
  checks: ['starts', 'matches-fresh'], targetLabel: 'rc1' })\n`,
      )
      const vitest = path.join(root, 'node_modules/vitest/vitest.mjs')
      const filter = 'v0.9.5 → rc1 matches-fresh|v1.0.0-rc.1 → rc1 starts'
      const run = await promisify(execFile)(process.execPath, [vitest, 'run', suite, '-t', filter], {
        cwd: work.path,
        env: { ...process.env, NO_COLOR: '1' },
      }).then(
        () => ({ failed: false, stdout: '', stderr: '' }),
        (error: { stdout: string; stderr: string }) => ({ failed: true, ...error }),
      )
      expect(run.failed).toBe(true)
      expect(run.stdout).toMatch(/Tests\s+1 failed \| 1 passed \| 2 skipped/)
      expect(run.stderr).toContain('matches-fresh failed on v0.9.5: the target did not start')
    },
  )
})
