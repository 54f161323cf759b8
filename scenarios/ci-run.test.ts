// `.ci/run` is executed, not only read: with `npm`, `npx` and `docker` standing in on PATH, it must run
// the README's commands in order, and the tests with CI set, so that a `.only` left in a suite fails.
import { execFile } from 'node:child_process'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { dir } from 'tmp-promise'
import { describe, expect, test } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '..')
const execFileAsync = promisify(execFile)

/** Runs `.ci/run` with stand-ins that log each call (`npm ci CI=true`) instead of doing it. */
async function runCi(env: NodeJS.ProcessEnv): Promise<string[]> {
  const work = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-ci-run-' })
  try {
    const bin = path.join(work.path, 'bin')
    const log = path.join(work.path, 'calls.log')
    await mkdir(bin)
    const stub = (name: string) =>
      [
        '#!/bin/sh',
        `[ "$1" = --version ] && { echo 0.0.0; exit 0; }`,
        `echo "${name} $* CI=\${CI-unset}" >> "${log}"`,
        '',
      ].join('\n')
    for (const name of ['npm', 'npx', 'docker']) {
      await writeFile(path.join(bin, name), stub(name))
      await chmod(path.join(bin, name), 0o755)
    }
    await writeFile(log, '')
    await execFileAsync('bash', [path.join(ROOT, '.ci/run')], {
      env: { ...env, PATH: `${bin}:${process.env['PATH']}` },
    })
    return (await readFile(log, 'utf8')).split('\n').filter((line) => !line.startsWith('docker') && line)
  } finally {
    await work.cleanup()
  }
}

describe('.ci/run', { timeout: 30_000 }, () => {
  test('runs the README quick start, with CI set where the runner did not set it', async () => {
    const { CI: _ci, ...withoutCi } = process.env
    expect(await runCi(withoutCi)).toEqual([
      'npm ci --no-audit --no-fund CI=true',
      'npm run images CI=true',
      'npm run typecheck CI=true',
      'npm run lint CI=true',
      'npm run gate CI=true',
      'npx upgrade-harness snapshots regenerate --check CI=true',
      'npm test CI=true',
    ])
  })

  test("keeps a runner's own CI value", async () => {
    expect((await runCi({ ...process.env, CI: '1' })).at(-1)).toBe('npm test CI=1')
  })
})
