import { afterEach, describe, expect, test, vi } from 'vitest'

import type { Config } from '../harness/config/types.ts'

// What ran, in order: the groups' own loops, with every process and gate replaced by a note of its kind.
const ran: string[] = []

vi.mock('../harness/targets/prepare-target.ts', () => ({
  prepareTarget: async () => ({
    start: async () => {
      ran.push('target')
      return { ok: true, ms: 2, startCostMs: 1 }
    },
    [Symbol.asyncDispose]: async () => {},
  }),
}))
vi.mock('./bare-target.ts', () => ({
  // A run given an environment of its own is bare node without the variables that slow every start.
  runNode: async (_args: string[], _cwd?: string, env?: NodeJS.ProcessEnv) =>
    void ran.push(env ? 'node, start env unset' : 'node'),
  prepareBareTarget: async () => ({ start: async () => {}, [Symbol.asyncDispose]: async () => {} }),
}))
vi.mock('./overhead.ts', () => ({
  runFloor: async (_bare: unknown, _snapshots: unknown, parallel: number) =>
    void ran.push(`floor ${parallel}`),
}))
vi.mock('../harness/checks/run-gate.ts', () => ({
  runGate: async (_config: unknown, options: { parallel: number }) => {
    ran.push(`gate ${options.parallel}`)
    return { ok: true, ms: 1, results: [] }
  },
}))
vi.mock('./synthetic-chain.ts', () => ({
  CHAIN_LINK: 'link',
  writeSyntheticChain: async () => ({ configFile: 'chain.config.mjs', releases: 0 }),
}))
vi.mock('../harness/config/load-config.ts', () => ({ loadConfig: async () => ({}) }))
vi.mock('../harness/snapshots/load-catalogue.ts', () => ({ loadCatalogue: async () => [] }))

const { runStartCostBench } = await import('./start-cost.ts')
const { runReleasesBench, RELEASE_REPETITIONS } = await import('./scaling-releases.ts')

const options = { quick: true, log: () => {} }

/** Which of `a` and `b` ran first in each repetition of `steps`, `perRepetition` steps making one. */
function firsts(steps: string[], a: string, b: string, perRepetition: number): string[] {
  const out: string[] = []
  for (let at = 0; at < steps.length; at += perRepetition) {
    const repetition = steps.slice(at, at + perRepetition)
    expect(repetition, `repetition at step ${at}`).toContain(a)
    expect(repetition, `repetition at step ${at}`).toContain(b)
    out.push(repetition.indexOf(a) < repetition.indexOf(b) ? a : b)
  }
  return out
}

/** a, b, a, b, ...: `count` entries. */
function alternating(a: string, b: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? a : b))
}

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('bench: two things compared alternate which goes first', () => {
  test('start-cost: the target start and bare node', async () => {
    ran.length = 0
    await runStartCostBench({ target: {}, rootDir: '.', timeoutMs: 1 } as Config, options)
    // Bare node without the start-up variables, where they are set, is measured on its own, after the pairs.
    const unset = ran.filter((step) => step === 'node, start env unset').length
    expect(ran.slice(ran.length - unset).every((step) => step === 'node, start env unset')).toBe(true)
    ran.length -= unset
    const pairs = ran.length / 2
    // The warm-up pair first, then the samples.
    expect(firsts(ran, 'target', 'node', 2)).toEqual(alternating('node', 'target', pairs))
  })

  test('releases: floor 2 against floor 1, gate 1 against gate 2, and floor 2 against gate 2', async () => {
    ran.length = 0
    await runReleasesBench('.', options)
    // Each chain length in turn: its repetitions of four steps.
    for (const count of Object.values(RELEASE_REPETITIONS.quick)) {
      const steps = ran.splice(0, count * 4)
      expect(firsts(steps, 'floor 2', 'floor 1', 4)).toEqual(alternating('floor 2', 'floor 1', count))
      expect(firsts(steps, 'gate 1', 'gate 2', 4)).toEqual(alternating('gate 1', 'gate 2', count))
      expect(firsts(steps, 'floor 2', 'gate 2', 4)).toEqual(alternating('floor 2', 'gate 2', count))
    }
    expect(ran).toEqual([])
  })
})

describe('bench: start-cost measures bare node without the variables that slow every start', () => {
  const config = { target: {}, rootDir: '.', timeoutMs: 1 } as Config
  const names = async () => (await runStartCostBench(config, options)).map((m) => m.name)

  test('where NODE_EXTRA_CA_CERTS is set: one more row, from starts without it', async () => {
    vi.stubEnv('NODE_OPTIONS', '')
    vi.stubEnv('NODE_EXTRA_CA_CERTS', '/certs.pem')
    ran.length = 0
    expect(await names()).toContain("bare node -e '' with NODE_EXTRA_CA_CERTS unset")
    expect(ran).toContain('node, start env unset')
  })

  test('where neither variable is set: no such row, and no such starts', async () => {
    vi.stubEnv('NODE_OPTIONS', '')
    vi.stubEnv('NODE_EXTRA_CA_CERTS', '')
    ran.length = 0
    expect((await names()).some((name) => name.includes('unset'))).toBe(false)
    expect(ran).not.toContain('node, start env unset')
  })
})
