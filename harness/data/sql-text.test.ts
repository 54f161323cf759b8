import { describe, expect, test } from 'vitest'
import { renderChange, renderRow } from './sql-text.ts'

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

  test('control characters in a text are spelled out, so a text cut at a NUL reads as changed', () => {
    expect(renderChange(['id', 'body'], 1, [1, 'ab\0cd'], [1, 'ab'])).toBe("(id=1; body: 'ab\\0cd' → 'ab')")
    expect(renderChange(['id', 'body'], 1, [1, 'a\tb\r\n'], [1, '\u001b[31mx\u007f'])).toBe(
      "(id=1; body: 'a\\tb\\r\\n' → '\\x1b[31mx\\x7f')",
    )
    // U+009B is CSI to a terminal that reads C1 controls; U+00A0 (no-break space) is text.
    expect(renderChange(['id', 'body'], 1, [1, '\u009b2J'], [1, '\u00a0'])).toBe(
      "(id=1; body: '\\x9b2J' → '\u00a0')",
    )
  })

  test('a blob changed past the bytes shown is shown from where it changed', () => {
    const [before, after] = [
      Buffer.from('00112233445566778899', 'hex'),
      Buffer.from('001122334455667788ff', 'hex'),
    ]
    expect(renderChange(['id', 'b'], 1, [1, before], [1, after])).toBe("(id=1; b: X'…778899' → X'…7788ff')")
    const longer = Buffer.concat([before, Buffer.from('00', 'hex')])
    expect(renderChange(['id', 'b'], 1, [1, before], [1, longer])).toBe("(id=1; b: X'…8899' → X'…889900')")
  })
})

describe('renderRow', () => {
  test('apart from a row that reads the same, shows the columns that differ from where they differ', () => {
    const columns = ['a', 'b', 'c', 'd', 'e', 'f']
    const [mine, theirs] = [
      [1, `${'x'.repeat(30)}1`, 3, 4, 5, 6],
      [1, `${'x'.repeat(30)}2`, 3, 4, 5, 7],
    ]
    expect(renderRow(columns, mine)).toBe(renderRow(columns, theirs))
    expect(renderRow(columns, mine, { apartFrom: theirs })).toBe("(a=1, b=…'xxxxxxxx1', c=3, d=4, ..., f=6)")
  })
})
