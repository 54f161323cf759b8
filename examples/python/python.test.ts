import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

/** This example's folder: the Python suite discovers its tests from here. */
const EXAMPLE_DIR = fileURLToPath(new URL('.', import.meta.url))

/** The whole Python suite takes a few seconds; leave room for a slow machine. */
const SUITE_TIMEOUT_MS = 60_000

interface ProcessResult {
  code: number | null
  signal: NodeJS.Signals | null
  output: string
}

/** Run a command to its end, keeping stdout and stderr interleaved as the user would see them. */
function run(command: string, args: string[], cwd: string): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    // No bytecode caches: the suite must leave the example folder as it found it.
    const child = spawn(command, args, { cwd, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } })
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, output }))
  })
}

describe('examples/python: the Python data layer', { timeout: SUITE_TIMEOUT_MS }, () => {
  test('its unittest suite passes (each release, the rc.1 bug, the fixed init_db)', async () => {
    const result = await run('python3', ['-m', 'unittest', '-v'], EXAMPLE_DIR)
    // unittest exits 1 on any failure or error; the output is the message so the failure is readable.
    expect(result, result.output).toMatchObject({ code: 0, signal: null })
    expect(result.output).toMatch(/^OK\b/m)
    expect(result.output).toMatch(/^Ran \d+ tests? in /m)
  })
})
