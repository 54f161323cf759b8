#!/usr/bin/env node
// The CLI is written in TypeScript; tsx loads it without a build step, so `npx upgrade-harness` works
// right after `npm ci`. Targets are bundled once per run and never go through this loader.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../harness/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
