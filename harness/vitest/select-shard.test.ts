import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { promisify } from 'node:util'
import { afterAll, describe, expect, test, vi } from 'vitest'
import { loadCatalogue } from '../snapshots/load-catalogue.ts'
import { defineUpgradeSuite, selectShard } from './define-upgrade-suite.ts'

describe('selectShard', () => {
  const names = ['a', 'b', 'c', 'd', 'e']
  test('splits the snapshots so every one lands in exactly one shard', () => {
    const shards = [1, 2, 3].map((i) => selectShard(names, `${i}/3`))
    expect(shards).toEqual([['a', 'd'], ['b', 'e'], ['c']])
    expect(shards.flat().sort()).toEqual(names)
  })
  test('takes all without a shard', () => {
    expect(selectShard(names, undefined)).toEqual(names)
  })
  test.for(['0/3', '4/3', 'x', '1/0'])('refuses %s', (shard) => {
    expect(() => selectShard(names, shard)).toThrow(/expected i\/n/)
  })
  test('names the option, not the environment variable, when the shard came from the option', async () => {
    await expect(defineUpgradeSuite({ shard: '4/3' })).rejects.toThrow(/^shard "4\/3": expected i\/n/)
  })
})

describe('the snapshots option', () => {
  test('an unknown name is refused before any test is declared, not in every test', async () => {
    await expect(defineUpgradeSuite({ snapshots: ['v1.0.0', 'v9'] })).rejects.toThrow(
      /^snapshots "v9": no such snapshot \(have: .*v1\.0\.0/,
    )
  })

  describe('a name given twice', { timeout: 60_000 }, async () => {
    await defineUpgradeSuite({ snapshots: ['v1.0.0', 'v1.0.0'], checks: ['starts'], targetLabel: 'twice' })
    test('is one snapshot, its results counted once', ({ task }) => {
      const suites = task.suite!.tasks.filter((t) => t.name === 'v1.0.0 → twice')
      expect(suites).toHaveLength(1)
    })
  })
})

describe('a shard with no snapshots', () => {
  // More shards than snapshots (shard n+1 of n+1): the job passes with a skipped test.
  test('passes, saying so, instead of failing for want of tests', { timeout: 60_000 }, async () => {
    const root = path.resolve(import.meta.dirname, '../..')
    const count = (await loadCatalogue(path.join(root, 'snapshots'))).length + 1
    const vitest = path.join(root, 'node_modules/vitest/vitest.mjs')
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [vitest, 'run', 'scenarios/upgrade.test.ts'],
      {
        cwd: root,
        env: { ...process.env, UPGRADE_HARNESS_SHARD: `${count}/${count}`, NO_COLOR: '1' },
      },
    )
    expect(stdout).toMatch(/Tests\s+1 skipped/)
  })
})

describe('a suite without snapshots', () => {
  test('is bad input, as for the CLI, not a skipped shard', async () => {
    const work = await dir({ unsafeCleanup: true })
    try {
      await mkdir(path.join(work.path, 'snaps'))
      const config = path.join(work.path, 'c.json')
      await writeFile(config, JSON.stringify({ snapshots: 'snaps', target: { module: 'app.ts' } }))
      await expect(defineUpgradeSuite({ config })).rejects.toThrow(/snaps: no snapshots$/)
    } finally {
      await work.cleanup()
    }
  })
})

describe('a config rule that matched nothing', { timeout: 60_000 }, async () => {
  const root = path.resolve(import.meta.dirname, '../..')
  const work = await dir({ unsafeCleanup: true })
  const config = path.join(work.path, 'c.json')
  await writeFile(
    config,
    JSON.stringify({
      snapshots: path.join(root, 'snapshots'),
      target: { module: path.join(root, 'app/init-db.ts') },
      schema: { ignore: [{ object: 'table nowhere', reason: 'left over' }] },
    }),
  )
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  afterAll(async () => {
    warn.mockRestore()
    await work.cleanup()
  })
  await defineUpgradeSuite({
    config,
    snapshots: ['v1.0.0'],
    checks: ['starts', 'matches-fresh'],
    targetLabel: 'rules',
  })

  test('is a warning, as the CLI prints it', () => {
    expect(warn).toHaveBeenCalledWith(
      'upgrade-harness: warning: schema ignore rule for table nowhere matched nothing ("left over")',
    )
  })
})

describe('a suite that runs past its timeoutMs', () => {
  test('fails its tests naming timeoutMs, not vitest hookTimeout', { timeout: 60_000 }, async () => {
    const root = path.resolve(import.meta.dirname, '../..')
    const work = await dir({ unsafeCleanup: true })
    try {
      const suite = path.join(work.path, 'slow.test.ts')
      await writeFile(
        suite,
        `import { defineUpgradeSuite } from ${JSON.stringify(path.join(root, 'harness/vitest/index.ts'))}
await defineUpgradeSuite({ config: ${JSON.stringify(path.join(root, 'upgrade-harness.config.ts'))},
  snapshots: ['v1.0.0'], checks: ['starts'], timeoutMs: 1 })\n`,
      )
      const vitest = path.join(root, 'node_modules/vitest/vitest.mjs')
      const failed = await promisify(execFile)(process.execPath, [vitest, 'run', suite], {
        cwd: work.path,
        env: { ...process.env, NO_COLOR: '1' },
      }).catch((error: { code: number; stdout: string; stderr: string }) => error)
      expect('code' in failed ? failed.code : 0).toBe(1)
      const output = `${failed.stdout}${failed.stderr}`
      expect(output).toContain(
        "the upgrade gate ran past timeoutMs (1 ms): raise defineUpgradeSuite's timeoutMs",
      )
      expect(output).not.toContain('hookTimeout')
    } finally {
      await work.cleanup()
    }
  })
})
