import { startMany } from '../targets/start-many.ts'
import type { Target } from '../targets/target.ts'

/**
 * At most `size` target processes at once: the gate's workers. A start that finds a slot free is
 * launched at once, in the same call, so whoever asked can go on with other work while it runs; one
 * that finds every slot taken waits its turn, first come first served, and a slot that frees up goes
 * straight to the next in line.
 *
 * @example
 * const slots = new StartSlots(2)
 * const runs = await Promise.all(copies.map((c) => slots.run(() => target.start(c))))
 */
export class StartSlots {
  private free: number
  private readonly waiting: (() => void)[] = []

  constructor(readonly size: number) {
    this.free = Math.max(1, size)
  }

  /** Runs `work` in a slot of its own, and frees the slot when its promise settles. */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) {
      this.free--
      return this.occupy(work)
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => this.occupy(work))
  }

  private occupy<T>(work: () => Promise<T>): Promise<T> {
    let running: Promise<T>
    try {
      running = work()
    } catch (error) {
      running = Promise.reject(error as Error)
    }
    return running.finally(() => {
      const next = this.waiting.shift()
      if (next) next()
      else this.free++
    })
  }
}

/**
 * `target`, with every start taking one of `slots`. `concurrent-start`'s processes start together by
 * design (that is what it checks), so `startMany` does not wait for slots.
 */
export function startInSlots(target: Target, slots: StartSlots): Target {
  const slotted = Object.create(target) as Target
  slotted.start = (dbPath, options) => slots.run(() => target.start(dbPath, options))
  slotted.startMany = (dbPath, count, options) => startMany(target, dbPath, count, options)
  return slotted
}
