import { expect, test } from 'vitest'

import { BoundedOutput, lastLine } from './bounded-output.ts'

test('keeps the newest bytes up to the limit', () => {
  const output = new BoundedOutput(10)
  for (const piece of ['abc', 'defg', 'hijkl', 'mn']) output.push(Buffer.from(piece))
  expect(output.text()).toBe('efghijklmn')
})

test('drops a character cut in half at the start', () => {
  const output = new BoundedOutput(4)
  output.push(Buffer.from('aé€'))
  // 'é€' is 5 bytes: the last 4 start inside 'é'.
  expect(output.text()).toBe('€')
})

test('keeps the first bytes of output kept whole, even when they are not UTF-8', () => {
  const output = new BoundedOutput(100)
  output.push(Buffer.from('\xe9chec: migration 0002\n', 'latin1'))
  expect(output.text()).toBe('\uFFFDchec: migration 0002\n')
})

test('lastLine skips trailing blank lines', () => {
  expect(lastLine('Traceback\n  File "x"\nsqlite3.OperationalError: boom\n\n  \n')).toBe(
    'sqlite3.OperationalError: boom',
  )
  expect(lastLine('')).toBe('')
})

test("lastLine quotes an uncaught error's own line, not the Node version Node prints after it", () => {
  const stderr = [
    'file:///app/init-db.mjs:3',
    "  setTimeout(() => { throw new Error('late background failure') })",
    '                     ^',
    '',
    'Error: late background failure',
    '    at Timeout._onTimeout (file:///app/init-db.mjs:3:29)',
    '    at listOnTimeout (node:internal/timers:581:17)',
    '',
    'Node.js v20.20.2',
    '',
  ].join('\n')
  expect(lastLine(stderr)).toBe('Error: late background failure')
  expect(lastLine('something odd\n\nNode.js v20.20.2\n')).toBe('something odd')
})

test('lastLine quotes the end of a very long line', () => {
  const line = lastLine(`${'x'.repeat(300_000)} Error: the reason`)
  expect(line).toHaveLength(503)
  expect(line).toMatch(/^\.\.\.x+ Error: the reason$/)
})
