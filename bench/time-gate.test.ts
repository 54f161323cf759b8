import { setTimeout as sleep } from 'node:timers/promises'

import { describe, expect, test, vi } from 'vitest'

/** How long the fake gate's disposal takes, after its report's `ms` stopped counting. */
const DISPOSAL_MS = 30

vi.mock('../harness/checks/run-gate.ts', () => ({
  runGate: async () => {
    await sleep(DISPOSAL_MS)
    return { ok: true, ms: 1, results: [] }
  },
}))
vi.mock('./bare-target.ts', () => ({
  prepareBareTarget: async () => ({ start: async () => {}, [Symbol.asyncDispose]: async () => {} }),
}))
vi.mock('./overhead.ts', () => ({ runFloor: async () => {} }))
vi.mock('./synthetic-chain.ts', () => ({
  CHAIN_LINK: 'link',
  writeSyntheticChain: async () => ({ configFile: 'chain.config.mjs', releases: 0 }),
}))
vi.mock('../harness/config/load-config.ts', () => ({ loadConfig: async () => ({}) }))
vi.mock('../harness/snapshots/load-catalogue.ts', () => ({ loadCatalogue: async () => [] }))

const { runReleasesBench } = await import('./scaling-releases.ts')

describe('bench: a gate is timed as a floor is, its clean-up included', () => {
  test('releases: the gate figures are the whole runGate call, not report.ms', async () => {
    const measurements = await runReleasesBench('.', { quick: true, log: () => {} })
    const gates = measurements.filter((m) => /: core gate, [12] workers?$/.test(m.name))
    expect(gates.map((m) => m.name)).toHaveLength(4)
    for (const m of gates) expect(m.stats.min, m.name).toBeGreaterThanOrEqual(DISPOSAL_MS - 1)
  })
})
