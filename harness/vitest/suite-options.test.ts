import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { describe, expect, test } from 'vitest'
import type { UpgradeSuiteOptions } from './define-upgrade-suite.ts'
import { defineUpgradeSuite } from './define-upgrade-suite.ts'

// A vitest user wrote `checks: [...]`, never `--check`: errors name the option they wrote.
describe('defineUpgradeSuite refuses bad options naming the option, before any test is declared', () => {
  test('an unknown check', async () => {
    await expect(defineUpgradeSuite({ checks: ['starts', 'nope'] })).rejects.toThrow(
      /^checks "nope": no such check \(checks: starts, /,
    )
  })

  // A `.js` suite or options built at run time get past the types: `snapshots: 'v1.0.0'` was read letter
  // by letter, and `parallel: NaN` left every start waiting for a worker until timeoutMs.
  test.for<[string, string, unknown]>([
    ['snapshots: expected an array of snapshot names, got "v1.0.0"', 'snapshots', 'v1.0.0'],
    ['snapshots: expected an array of snapshot names, got [5]', 'snapshots', [5]],
    ['checks: expected an array of check names, got "starts"', 'checks', 'starts'],
    ['parallel: expected a whole number > 0, got NaN', 'parallel', Number.NaN],
    ['timeoutMs: expected a number of milliseconds > 0, got -1', 'timeoutMs', -1],
    ['shard: expected a string, got 2', 'shard', 2],
  ])('%s', async ([message, option, value]) => {
    const options = { [option]: value } as UpgradeSuiteOptions
    await expect(defineUpgradeSuite(options)).rejects.toThrow(message)
  })
})

test('a snapshots folder that is not there is named with the config line it came from, as the CLI names it', async () => {
  const work = await dir({ unsafeCleanup: true })
  try {
    const config = path.join(work.path, 'c.json')
    await writeFile(config, JSON.stringify({ snapshots: 'nosuch', target: { module: 'app.ts' } }))
    await expect(defineUpgradeSuite({ config })).rejects.toThrow(
      /nosuch: snapshot folder not found \(the "snapshots" of .*c\.json\)$/,
    )
  } finally {
    await work.cleanup()
  }
})
