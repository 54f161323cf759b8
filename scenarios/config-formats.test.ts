// Config files as the real CLI loads them (under its global tsx loader, which in-process tests do not
// have), in a project without "type": "module", the default for a package.json that does not say.
import { execFile } from 'node:child_process'
import { cp, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { dir } from 'tmp-promise'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '..')
const CLI = path.join(ROOT, 'bin/upgrade-harness.mjs')
const run = promisify(execFile)

let work: { path: string; cleanup: () => Promise<void> }

beforeAll(async () => {
  work = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-config-formats-' })
  await writeFile(path.join(work.path, 'package.json'), JSON.stringify({ name: 'a-commonjs-project' }))
  await cp(path.join(ROOT, 'snapshots/v0.9.5'), path.join(work.path, 'snapshots/v0.9.5'), { recursive: true })
})
afterAll(() => work.cleanup())

/** `snapshots verify` with the given config file: it loads the config and reads the snapshots, no target. */
async function verify(name: string, text: string): Promise<{ code: number; stdout: string; stderr: string }> {
  await writeFile(path.join(work.path, name), text)
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'snapshots', 'verify', '--config', name], {
      cwd: work.path,
      timeout: 60_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('config files through the CLI, in a CommonJS project', { timeout: 60_000 }, () => {
  test.for([
    [
      'an ESM-syntax .js (Node itself loads it)',
      'esm.config.js',
      'export default { target: { command: ["true", "{db}"] } }',
    ],
    ['a CommonJS .js', 'cjs.config.js', 'module.exports = { target: { command: ["true", "{db}"] } }'],
    ['a .cjs', 'c.config.cjs', 'module.exports = { target: { command: ["true", "{db}"] } }'],
    ['a .mjs', 'm.config.mjs', 'export default { target: { command: ["true", "{db}"] } }'],
    ['a .ts', 't.config.ts', 'export default { target: { command: ["true", "{db}"] } } as const'],
  ])('%s config loads', async ([, name, text]) => {
    const { code, stdout, stderr } = await verify(name!, text!)
    expect(stderr).toBe('')
    expect(stdout).toContain('1 snapshot verified')
    expect(code).toBe(0)
  })

  test.for([
    ['.ts', 'named.config.ts'],
    ['.js', 'named.config.js'],
  ])('a %s config with only named exports is refused for want of a default export', async ([, name]) => {
    const { code, stderr } = await verify(name!, 'export const target = { command: ["true", "{db}"] }\n')
    expect(stderr).toBe(`upgrade-harness: ${name}: has no default export\n`)
    expect(code).toBe(2)
  })
})
