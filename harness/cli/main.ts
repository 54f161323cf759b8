import { errorMessage, InputError } from '../errors.ts'
import { type CliIo, commandHelp, type CommandSpec, parseCommandArgs } from './command-spec.ts'
import { COMMANDS } from './commands/index.ts'

const DEFAULT_IO: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
}

/**
 * Runs the CLI and returns the exit status: 0 all checks pass, 1 a check failed or a diff was found,
 * 2 a usage, config or input error (one line on stderr, no stack trace), 3 an internal error (a bug).
 */
export async function main(argv: string[], io: CliIo = DEFAULT_IO): Promise<number> {
  const found = findCommand(argv)
  if (!found) {
    const isHelp = (word: string | undefined): boolean => word === '--help' || word === '-h'
    // `snapshots --help`: a group's word asks for the commands it starts.
    const group = COMMANDS.some((c) => c.words.length > 1 && c.words[0] === argv[0])
    const asked = argv.length === 0 || isHelp(argv[0]) || argv[0] === 'help' || (group && isHelp(argv[1]))
    if (asked) {
      io.stdout(overview())
      return 0
    }
    io.stderr(`upgrade-harness: ${unknownCommand(argv)} (commands: ${commandNames()}; see --help)\n`)
    return 2
  }
  const [command, rest] = found
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandHelp(command))
    return 0
  }
  try {
    return await command.run(parseCommandArgs(command, rest), io)
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`upgrade-harness: ${errorMessage(error)}\n`)
      return 2
    }
    // Neither a failed check (1) nor bad input (2): a bug in the harness itself.
    io.stderr(
      `upgrade-harness: internal error: ${errorMessage(error)} (set UPGRADE_HARNESS_DEBUG=1 for the stack)\n`,
    )
    if (process.env['UPGRADE_HARNESS_DEBUG']) io.stderr(`${(error as Error).stack}\n`)
    return 3
  }
}

/** What is wrong with a command line that names no command: `unknown command "snapshots frob"`. */
function unknownCommand(argv: string[]): string {
  const [first = '', second] = argv
  if (first.startsWith('-')) return `${first}: give a command before any option`
  // A group's word (`snapshots`) is only the start of a command: quote the next word with it.
  const group = COMMANDS.some((c) => c.words.length > 1 && c.words[0] === first)
  const words = group && second !== undefined && !second.startsWith('-') ? [first, second] : [first]
  return `unknown command "${words.join(' ')}"`
}

function commandNames(): string {
  return COMMANDS.map((c) => c.words.join(' ')).join(', ')
}

function findCommand(argv: string[]): [CommandSpec, string[]] | undefined {
  for (const command of COMMANDS) {
    if (command.words.every((w, i) => argv[i] === w)) return [command, argv.slice(command.words.length)]
  }
  return undefined
}

/** The list of commands, for `upgrade-harness --help`. */
export function overview(): string {
  const rows = COMMANDS.map((c) => [
    `${c.words.join(' ')}${c.args ? ` ${c.args}` : ''}`,
    c.summary.split('. ')[0]!,
  ])
  const width = Math.max(...rows.map(([left]) => left!.length)) + 2
  return [
    'Usage: upgrade-harness <command> [options]',
    '',
    'Commands:',
    ...rows.map(([left, summary]) => `  ${left!.padEnd(width)}${summary}`),
    '',
    'Run `upgrade-harness <command> --help` for the options of a command.',
    'Exit status: 0 all checks pass, 1 a check failed or a diff was found, 2 a usage, config or input error,',
    '3 an internal error of the harness.',
    '',
  ].join('\n')
}
