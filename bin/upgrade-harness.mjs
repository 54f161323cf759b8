#!/usr/bin/env node
// The CLI is written in TypeScript; tsx loads it without a build step, so `npx upgrade-harness` works
// right after `npm ci`. Targets are bundled once per run and never go through this loader.
import { setFlagsFromString } from 'node:v8'
import { register } from 'tsx/esm/api'

// This process mostly waits for target processes, with a heap of about 10 MB. For so small a heap V8
// starts incremental marking almost at once after every full collection (its headroom is below the
// young generation's size), which cost a full collection every two or three snapshots. Without it, a
// full collection runs when the heap reaches its limit: rarely. See "Performance" in the README.
setFlagsFromString('--no-incremental-marking')
register()
const { main } = await import('../harness/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
