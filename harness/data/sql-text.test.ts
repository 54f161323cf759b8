import { describe, expect, test } from 'vitest'
import { renderChange } from './sql-text.ts'

describe('renderChange', () => {
  test('a text changed past the cut shows where it changed, not the same text twice', () => {
    const before = 'A note with a negative id, written on purpose.'
    expect(renderChange(['id', 'content'], 1, [-42, before], [-42, `${before}!`])).toBe(
      "(id=-42; content: …'purpose.' → …'purpose.!')",
    )
  })

  test('a text changed within the cut is shown from its start', () => {
    expect(renderChange(['id', 'body'], 1, [7, 'old'], [7, 'new'])).toBe("(id=7; body: 'old' → 'new')")
  })

  test('a long text changed near its start is shown from its start', () => {
    const tail = 'x'.repeat(40)
    expect(renderChange(['id', 'body'], 1, [7, `ab${tail}`], [7, `aB${tail}`])).toBe(
      `(id=7; body: 'ab${'x'.repeat(22)}…' → 'aB${'x'.repeat(22)}…')`,
    )
  })
})
