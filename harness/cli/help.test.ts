import os from 'node:os'
import { describe, expect, test } from 'vitest'
import type { CliIo } from './command-spec.ts'
import { COMMANDS } from './commands/index.ts'
import { main } from './main.ts'

function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd: process.cwd(),
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  }
  return io
}

describe('CLI help', () => {
  test.for(COMMANDS.map((c) => c.words.join(' ')))(
    '"%s --help" prints a usage line and every option with help text',
    async (words) => {
      const command = COMMANDS.find((c) => c.words.join(' ') === words)!
      expect(command.summary.length).toBeGreaterThan(20)
      for (const option of command.options) expect(option.help.length, `--${option.name}`).toBeGreaterThan(5)
      const io = capture()
      expect(await main([...command.words, '--help'], io)).toBe(0)
      expect(io.out).toContain(`Usage: upgrade-harness ${words}`)
      for (const option of command.options) expect(io.out).toContain(`--${option.name}`)
    },
  )

  test('lists every command', async () => {
    const io = capture()
    expect(await main(['--help'], io)).toBe(0)
    for (const c of COMMANDS) expect(io.out).toContain(c.words.join(' '))
  })

  test("a group's word with --help lists the commands", async () => {
    for (const flag of ['--help', '-h']) {
      const io = capture()
      expect(await main(['snapshots', flag], io)).toBe(0)
      expect(io.out).toContain('snapshots regenerate')
    }
  })

  test('an unknown command or option exits 2 with one line', async () => {
    const io = capture()
    expect(await main(['frobnicate'], io)).toBe(2)
    expect(io.err.trim().split('\n')).toHaveLength(1)
    expect(io.err).toContain('unknown command "frobnicate" (commands: run, inspect, diff, snapshots verify')
    for (const [argv, message] of [
      [['frobnicate', 'a.db'], 'unknown command "frobnicate" ('],
      [['snapshots', 'frob', 'x'], 'unknown command "snapshots frob" ('],
      [['snapshots'], 'unknown command "snapshots" ('],
      [['--version'], '--version: give a command before any option ('],
    ] as const) {
      const wrong = capture()
      expect(await main([...argv], wrong)).toBe(2)
      expect(wrong.err).toContain(`upgrade-harness: ${message}`)
      expect(wrong.err.trim().split('\n')).toHaveLength(1)
    }
    const io2 = capture()
    expect(await main(['inspect', 'a.db', '--colour'], io2)).toBe(2)
    expect(io2.err.trim().split('\n')).toHaveLength(1)
    expect(io2.err).toContain("Unknown option '--colour'")
    const io3 = capture()
    expect(await main(['run', '--snapshot', '-v1'], io3)).toBe(2)
    expect(io3.err.trim().split('\n')).toHaveLength(1)
    expect(io3.err).toContain("To specify an option argument starting with a dash use '--snapshot=-XYZ'")
  })
})

test('an option that takes one value, given twice, exits 2 with one line naming it', async () => {
  for (const [argv, option] of [
    [['run', '--reporter', 'json', '--reporter', 'junit'], '--reporter'],
    [['run', '--out=a.xml', '--out', 'b.xml'], '--out'],
    [['run', '--quiet', '--quiet'], '--quiet'],
    [['inspect', 'a.db', '--json', '--json'], '--json'],
  ] as const) {
    // A folder without a config: a run that got past its options stops at once.
    const io = capture()
    io.cwd = os.tmpdir()
    expect(await main([...argv], io)).toBe(2)
    expect(io.err).toBe(`upgrade-harness: ${argv[0]}: ${option} given more than once (see --help)\n`)
  }
})

test('a --target command with an unterminated quote exits 2 with one line', async () => {
  const io = capture()
  expect(await main(['run', '--target', "command:'/opt/my app/init {db}"], io)).toBe(2)
  expect(io.err).toBe(
    `upgrade-harness: --target "command:'/opt/my app/init {db}": unterminated single quote ('/opt/my app/init {db}); expected a closing '\n`,
  )
})
