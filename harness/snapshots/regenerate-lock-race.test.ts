import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { describe, expect, test, vi } from 'vitest'
import { InputError } from '../errors.ts'
import { lockSnapshotFolder, REGENERATE_LOCK } from './regenerate-lock.ts'

// Each file operation of the lock calls `before` first: a test runs other "runs" right there, so a
// race that real processes hit only by chance is played out deterministically, at every step.
const fsHook = vi.hoisted(() => ({ before: undefined as (() => void) | undefined }))
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>()
  const names = [
    'openSync',
    'readFileSync',
    'renameSync',
    'linkSync',
    'rmSync',
    'unlinkSync',
    'writeSync',
    'closeSync',
  ] as const
  const hooked = Object.fromEntries(
    names.map((name) => [
      name,
      (...args: unknown[]) => {
        fsHook.before?.()
        return (actual[name] as (...a: unknown[]) => unknown)(...args)
      },
    ]),
  )
  return { ...actual, ...hooked, default: { ...actual, ...hooked } }
})

/** Takes the lock as one run would: the lock, or undefined when refused. */
function attempt(root: string): Disposable | undefined {
  try {
    return lockSnapshotFolder(root)
  } catch (error) {
    if (error instanceof InputError) return undefined
    throw error
  }
}

/**
 * Run B takes the lock; run A takes it whole just before B's file operation number `a`, and run C
 * just before B's operation number `c` (operations of A and C themselves are not counted).
 */
function race(root: string, a: number, c: number): (Disposable | undefined)[] {
  const held: (Disposable | undefined)[] = []
  let step = 0
  let inside = false
  fsHook.before = () => {
    if (inside) return
    inside = true
    try {
      if (step === a) held.push(attempt(root))
      if (step === c) held.push(attempt(root))
    } finally {
      step++
      inside = false
    }
  }
  try {
    held.push(attempt(root))
  } finally {
    fsHook.before = undefined
  }
  return held
}

/** The claim file a takeover of the lock holding `text` makes (see removeStale). */
function claimOf(lock: string, text: string): string {
  return `${lock}.takeover-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`
}

// The runs here share one live pid, and A and C each run whole inside one gap of B: this proves that a
// dead claim is taken over by exactly one of them at every step, but not that a claim is removed only
// under a claim on it (a run pausing between its reading of a dead claim and its removal while another
// pauses holding a fresh claim needs two runs each paused inside the other); removeStale argues that.
describe.for([
  ['', false],
  [', beside the claim of a takeover killed outright', true],
] as const)('three runs taking over one stale regenerate lock at once%s', ([, deadClaim]) => {
  test(
    'at every interleaving exactly one of them holds it, and nothing is left once it is released',
    { timeout: 60_000 },
    async () => {
      const made = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-lock-race-' })
      try {
        const dead = spawnSync(process.execPath, ['-e', '0']).pid
        const lock = path.join(made.path, REGENERATE_LOCK)
        // Enough steps for B to take the lock whole, a dead claim's takeover included.
        for (let a = 0; a < 24; a++) {
          for (let c = a; c < 24; c++) {
            writeFileSync(lock, `${dead} ${hostname()}\n`)
            if (deadClaim)
              writeFileSync(claimOf(lock, `${dead} ${hostname()}\n`), `${dead} ${hostname()} 0123456789ab\n`)
            const held = race(made.path, a, c).filter((h) => h !== undefined)
            expect(held.length, `A before B's step ${a}, C before B's step ${c}: runs holding the lock`).toBe(
              1,
            )
            for (const h of held) h[Symbol.dispose]()
            expect(readdirSync(made.path), `A before B's step ${a}, C before B's step ${c}`).toEqual([])
          }
        }
      } finally {
        await made.cleanup()
      }
    },
  )
})
