import { describe, expect, test } from 'vitest'
import { withoutTerminalCodes } from './terminal-codes.ts'

describe('terminal codes', () => {
  test.for([
    ['colours', '\u001b[1;31mred\u001b[0m', 'red'],
    ['a window title', '\u001b]0;title\u0007text', 'text'],
    // What `tput sgr0` prints on most terminals: a character set choice, then the colours' reset.
    ['a character set choice', '\u001b[31mred\u001b(B\u001b[m done', 'red done'],
    ['keypad and cursor modes', '\u001b=\u001b7text\u001b8\u001b>', 'text'],
  ])('%s: only the text is left', ([, text, plain]) => {
    expect(withoutTerminalCodes(text!)).toBe(plain)
  })
})
