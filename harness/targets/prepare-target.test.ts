import { describe, expect, test } from 'vitest'

import { prepareTarget } from './prepare-target.ts'
import { makeTestPackage } from './test-package.ts'

describe('prepareTarget', { timeout: 20_000 }, () => {
  test('dispatches on the spec', async () => {
    await using pkg = await makeTestPackage({ 'init.mjs': 'export function initDb() {}\n' })
    const options = { rootDir: pkg.path, timeoutMs: 10_000 }
    await using module = await prepareTarget({ module: 'init.mjs' }, options)
    expect(module.kind).toBe('module')
    expect((await module.start(pkg.file('a.db'))).ok).toBe(true)
    await using command = await prepareTarget({ command: ['true', '{db}'] }, options)
    expect(command.kind).toBe('command')
    expect((await command.start(pkg.file('a.db'))).ok).toBe(true)
  })
})
