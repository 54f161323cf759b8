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
})
