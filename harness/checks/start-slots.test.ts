import { describe, expect, test } from 'vitest'
import { fakeTarget } from '../targets/fake-target.ts'
import { StartSlots, startInSlots } from './start-slots.ts'

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

describe('StartSlots', () => {
  test('launches at once while a slot is free, in the same call', () => {
    const slots = new StartSlots(2)
    const launched: number[] = []
    void slots.run(async () => launched.push(1))
    void slots.run(async () => launched.push(2))
    expect(launched).toEqual([1, 2])
  })

  test('never runs more than its size, and hands a freed slot to the first in line', async () => {
    const slots = new StartSlots(2)
    const gates = [gate(), gate(), gate(), gate()]
    let running = 0
    let most = 0
    const order: number[] = []
    const all = gates.map((g, i) =>
      slots.run(async () => {
        order.push(i)
        running++
        most = Math.max(most, running)
        await g.opened
        running--
      }),
    )
    expect(order).toEqual([0, 1])
    gates[1]!.open()
    await all[1]
    await Promise.resolve()
    expect(order).toEqual([0, 1, 2])
    for (const g of gates) g.open()
    await Promise.all(all)
    expect(order).toEqual([0, 1, 2, 3])
    expect(most).toBe(2)
  })

  test('frees the slot when the work fails, even synchronously', async () => {
    const slots = new StartSlots(1)
    await expect(
      slots.run(() => {
        throw new Error('spawn failed')
      }),
    ).rejects.toThrow('spawn failed')
    await expect(slots.run(async () => 'next')).resolves.toBe('next')
  })
})

describe('startInSlots', () => {
  test('queues starts beyond the slots, but starts concurrent-start processes together', async () => {
    const held = gate()
    let running = 0
    let most = 0
    const target = fakeTarget(async () => {
      running++
      most = Math.max(most, running)
      await held.opened
      running--
    }, 'fake:slots')
    const slotted = startInSlots(target, new StartSlots(1))
    expect(slotted.description).toBe('fake:slots')
    const runs = [slotted.start('a'), slotted.start('b')]
    const many = slotted.startMany!('c', 3)
    await new Promise((resolve) => setImmediate(resolve))
    expect(running).toBe(4)
    held.open()
    await Promise.all([...runs, many])
    expect(most).toBe(4)
    const solo = fakeTarget(async () => {
      running++
      most = Math.max(most, running)
      await new Promise((resolve) => setImmediate(resolve))
      running--
    })
    most = 0
    const one = startInSlots(solo, new StartSlots(1))
    await Promise.all([one.start('a'), one.start('b'), one.start('c')])
    expect(most).toBe(1)
  })
})
