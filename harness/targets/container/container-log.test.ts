import { describe, expect, test } from 'vitest'

import { ContainerLog, LOG_KEEP_CHARS, lastLines } from './container-log.ts'

describe('ContainerLog', () => {
  test('keeps a bounded tail', () => {
    const log = new ContainerLog()
    log.write('a'.repeat(LOG_KEEP_CHARS))
    log.write('end')
    expect(log.text.length).toBe(LOG_KEEP_CHARS)
    expect(log.text.endsWith('aend')).toBe(true)
  })

  test('reports a line once it is complete, even when split across writes', async () => {
    const log = new ContainerLog()
    let seen = false
    const ready = log.waitForLine('ready').then(() => (seen = true))
    log.write('starting\nrea')
    await new Promise((resolve) => setImmediate(resolve))
    expect(seen).toBe(false)
    log.write('dy on 8080\n')
    await ready
  })
})

describe('lastLines', () => {
  test('quotes the last non-empty lines on one line', () => {
    expect(lastLines('a\n\nb\nc\n\n', 2)).toBe('b | c')
    expect(lastLines('', 3)).toBe('')
  })

  test('passes over stack frames so the error line is quoted', () => {
    const log =
      'migrating\nSqliteError: no such column: token_hash\n    at Database.exec (wrappers.js:9:14)\n    at main (start.js:14:17)\n'
    expect(lastLines(log, 2)).toBe('migrating | SqliteError: no such column: token_hash')
    expect(lastLines('    at main (start.js:1:1)\n', 2)).toBe('at main (start.js:1:1)')
  })
})
