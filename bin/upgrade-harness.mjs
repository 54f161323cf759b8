#!/usr/bin/env node
// The CLI is written in TypeScript; tsx loads it without a build step, so `npx upgrade-harness` works
// right after `npm ci`. Targets are bundled once per run and never go through this loader.
import { mkdtempSync, rmdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'

// This process mostly waits for target processes, with a heap of about 10 MB. For so small a heap V8
// starts incremental marking almost at once after every full collection (its headroom is below the
// young generation's size), which cost a full collection every two or three snapshots. Without it, a
// full collection runs when the heap reaches its limit: rarely. See "Performance" in the README.
setFlagsFromString('--no-incremental-marking')
// tsx caches what it compiles in the temporary folder, and throws at the first import when it cannot make
// its folder there (TMPDIR a file, or under one): a stack trace and status 1, as if a check had failed.
// Without the cache the CLI starts, a little slower, and the run names the folder when it first needs it.
// A folder is tried by making one there: permission bits do not bind root, and on /proc, which takes no
// new folders, tsx's recursive mkdir of its cache retries forever (even `--help` hung).
if (!writableFolder(tmpdir())) process.env.TSX_DISABLE_CACHE = '1'
const { register } = await import('tsx/esm/api')
register()
const { main } = await import('../harness/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))

function writableFolder(folder) {
  try {
    rmdirSync(mkdtempSync(join(folder, 'upgrade-harness-probe-')))
    return true
  } catch {
    return false
  }
}
