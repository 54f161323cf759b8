import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import { dir } from 'tmp-promise'
import { expect, test } from 'vitest'

import { ABANDONED_AFTER_MS, sweepTempFolders } from './sweep-temp-folders.ts'

test('the folders of a killed run are swept; a live run’s, a recent one’s and anything else stay', async () => {
  await using scratch = await dir({ unsafeCleanup: true }).then((d) => ({
    path: d.path,
    [Symbol.asyncDispose]: () => d.cleanup(),
  }))
  const dead = spawnSync('true').pid
  const old = (Date.now() - ABANDONED_AFTER_MS - 60_000) / 1000
  const make = (name: string, ageSeconds = old): string => {
    const folder = path.join(scratch.path, name)
    mkdirSync(folder)
    writeFileSync(path.join(folder, 'db.sqlite'), 'x')
    utimesSync(folder, ageSeconds, ageSeconds)
    return folder
  }
  const killed = make(`upgrade-harness-${dead}-Ab12Cd`)
  const live = make(`upgrade-harness-${process.ppid}-Ab12Cd`)
  const recent = make(`upgrade-harness-${dead}-Xy34Zw`, Date.now() / 1000)
  const other = make(`upgrade-harness-cli--${dead}-Ab12Cd`)
  expect(sweepTempFolders(scratch.path, 'upgrade-harness')).toEqual([killed])
  expect([killed, live, recent, other].map(existsSync)).toEqual([false, true, true, true])
})
