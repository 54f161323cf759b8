import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // bench/ holds unit tests of the bench's own code; the benchmarks themselves never run here.
    include: [
      'harness/**/*.test.ts',
      'app/**/*.test.ts',
      'scenarios/**/*.test.ts',
      'examples/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    // `.only` left in a suite would silently shrink the gate: refuse it in CI.
    allowOnly: !process.env.CI,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['scenarios/committed-snapshots.setup.ts'],
  },
})
