import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { InputError } from '../errors.ts'
import { loadConfig } from './load-config.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'uh-config-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function load(name: string, text: string) {
  await writeFile(path.join(dir, name), text)
  return loadConfig(name, dir)
}

describe('loadConfig', () => {
  test.for([
    ['upgrade-harness.config.json', JSON.stringify({ target: { module: 'app.ts' } })],
    ['upgrade-harness.config.mjs', "export default { target: { module: 'app.ts' } }"],
    ['upgrade-harness.config.js', "export default { target: { module: 'app.ts' } }"],
    [
      'upgrade-harness.config.ts',
      "const c: { target: { module: string } } = { target: { module: 'app.ts' } }\nexport default c",
    ],
  ])('loads %s with defaults filled in and paths resolved', async ([name, text]) => {
    const config = await load(name!, text!)
    expect(config.target).toEqual({ module: 'app.ts' })
    expect(config.snapshots).toBe(path.join(dir, 'snapshots'))
    expect(config.history).toEqual({ table: 'schema_migrations', column: 'migration_name' })
    expect(config.timeoutMs).toBe(30_000)
    expect(config.concurrency).toBe(8)
    expect(config.rootDir).toBe(dir)
  })

  test('loads a JSON config saved with a byte order mark', async () => {
    const config = await load('c.json', `\uFEFF${JSON.stringify({ target: { module: 'app.ts' } })}`)
    expect(config.target).toEqual({ module: 'app.ts' })
  })

  // A file that cannot be read (EACCES, EIO): Linux's /proc/self/mem is a file that refuses every read.
  test.skipIf(process.platform !== 'linux')(
    'a JSON config that cannot be read is one line naming it',
    async () => {
      await symlink('/proc/self/mem', path.join(dir, 'c.json'))
      const error = await loadConfig('c.json', dir).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(InputError)
      expect((error as Error).message).toMatch(/^c\.json: cannot be read \(EIO/)
    },
  )

  // tsx, asked from a TypeScript file for `x.js`, loads `x.ts` when there is one, as a TypeScript import.
  test.for([
    ['c.js', 'c.ts'],
    ['c.mjs', 'c.mts'],
  ])('loads %s itself, not the %s beside it', async ([name, sibling]) => {
    await writeFile(path.join(dir, sibling!), "export default { target: { module: 'sibling.ts' } }")
    const config = await load(name!, "export default { target: { module: 'named.ts' } }")
    expect(config.target).toEqual({ module: 'named.ts' })
  })

  test('finds the config in the folder when no path is given', async () => {
    await writeFile(
      path.join(dir, 'upgrade-harness.config.json'),
      JSON.stringify({ target: { command: ['true'] } }),
    )
    expect((await loadConfig(undefined, dir)).target).toEqual({ command: ['true'] })
  })

  test.for([
    ['missing file', 'nope.json', undefined, 'nope.json: config file not found'],
    ['malformed JSON', 'c.json', '{ "target": ', 'c.json: invalid JSON'],
    ['no target', 'c.json', '{}', 'c.json: "target" must be an object'],
    ['bad target', 'c.json', '{ "target": {} }', 'c.json: "target" must have "module", "command" or "image"'],
    [
      'wrong type',
      'c.json',
      '{ "target": { "module": 3 } }',
      'c.json: "target.module" must be a non-empty string',
    ],
    [
      'unknown field',
      'c.json',
      '{ "target": { "module": "a" }, "snapshot": "x" }',
      'c.json: "snapshot" is not a known field (did you mean "snapshots"?)',
    ],
    [
      'bad timeout',
      'c.json',
      '{ "target": { "module": "a" }, "timeoutMs": -1 }',
      'c.json: "timeoutMs" must be a number >= 1',
    ],
    [
      'bad check',
      'c.json',
      '{ "target": { "module": "a" }, "checks": { "skip": ["nope"] } }',
      'c.json: "checks" skip: "nope" is not a check',
    ],
    [
      'bad rule',
      'c.json',
      '{ "target": { "module": "a" }, "data": { "allowLoss": [{ "table": "t" }] } }',
      'c.json: "data.allowLoss[0].reason" must be a non-empty string',
    ],
    [
      'a change rule without a column',
      'c.json',
      '{ "target": { "module": "a" }, "data": { "allowChange": [{ "table": "t", "reason": "r" }] } }',
      'c.json: "data.allowChange[0].column" must be a non-empty string',
    ],
    [
      'a fractional concurrency',
      'c.json',
      '{ "target": { "module": "a" }, "concurrency": 2.5 }',
      'c.json: "concurrency" must be a whole number >= 2',
    ],
    [
      'a concurrency of one (concurrent-start would start nothing at once)',
      'c.json',
      '{ "target": { "module": "a" }, "concurrency": 1 }',
      'c.json: "concurrency" must be a whole number >= 2',
    ],
    [
      'a release named like a path',
      'c.json',
      `{ "target": { "module": "a" }, "releases": [${release('../v1', '1.0.0')}] }`,
      'c.json: "releases[0].name" must be a folder name, without "/" or "\\"',
    ],
    [
      'a hidden release name',
      'c.json',
      `{ "target": { "module": "a" }, "releases": [${release('.v1', '1.0.0')}] }`,
      'c.json: "releases[0].name" must not start with "." (the catalogue skips hidden folders)',
    ],
    [
      'a release version that is not semver',
      'c.json',
      `{ "target": { "module": "a" }, "releases": [${release('v1', 'banana')}] }`,
      'c.json: "releases[0].version" must be a semver version, got "banana"',
    ],
    [
      'two releases of one name',
      'c.json',
      `{ "target": { "module": "a" }, "releases": [${release('v1', '1.0.0')}, ${release('v1', '1.0.1')}] }`,
      'c.json: "releases[1].name" "v1" is also releases[0]\'s name',
    ],
    ['a folder named like a config', 'folder.json', null, 'folder.json: is a folder, not a config file'],
    ['throwing module', 'c.mjs', 'throw new Error("boom")', 'c.mjs: cannot be loaded (boom)'],
    ['no default export', 'c.mjs', 'export const x = 1', 'c.mjs: has no default export'],
  ])('rejects %s with one line naming the file and the field', async ([, name, text, message]) => {
    if (text === null) await mkdir(path.join(dir, name!))
    else if (text !== undefined) await writeFile(path.join(dir, name!), text)
    const error = await loadConfig(name ?? undefined, dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toContain(message)
    expect((error as Error).message).not.toContain('\n')
  })

  test('resolves release fixtures and migrations from the config folder', async () => {
    const config = await load(
      'c.json',
      JSON.stringify({
        target: { module: 'a.ts' },
        releases: [
          { name: 'v1', version: '1.0.0', target: { module: 'r.ts' }, fixtures: ['f.sql'], migrations: 'm' },
        ],
      }),
    )
    expect(config.releases[0]).toMatchObject({
      fixtures: [path.join(dir, 'f.sql')],
      migrations: path.join(dir, 'm'),
    })
  })
})

/** A release entry of a JSON config. */
function release(name: string, version: string): string {
  return JSON.stringify({ name, version, target: { module: 'r.ts' } })
}
