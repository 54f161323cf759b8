import { setTimeout as sleep } from 'node:timers/promises'
import { expect, test } from 'vitest'
import { timerDelay } from './timer-delay.ts'

test('a limit longer than a timer can wait does not fire at once', async () => {
  let fired = false
  const timer = setTimeout(() => (fired = true), timerDelay(1e10))
  await sleep(20)
  clearTimeout(timer)
  expect(fired).toBe(false)
  expect(timerDelay(30_000)).toBe(30_000)
})
