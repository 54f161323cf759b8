import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'app/**/*.test.ts', 'scenarios/**/*.test.ts', 'examples/**/*.test.ts'],
    // `.only` left in a suite would silently shrink the gate: refuse it in CI.
    allowOnly: !process.env.CI,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['scenarios/committed-snapshots.setup.ts'],
  },
})
