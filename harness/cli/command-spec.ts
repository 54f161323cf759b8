import { parseArgs } from 'node:util'
import { InputError } from '../errors.ts'

/** One option of a command, declared once with its help text. */
export interface OptionSpec {
  name: string
  /** Placeholder of the option's value (`F`, `NAME`); absent for a flag. */
  value?: string
  /** May be given more than once. */
  multiple?: boolean
  help: string
}

/** The parsed command line of one command. */
export interface ParsedArgs {
  positionals: string[]
  values: Record<string, string | string[] | boolean | undefined>
}

/** A CLI command: its words, its help, its options as data, and what it does (returns the exit status). */
export interface CommandSpec {
  /** The words that select it: `['run']`, `['snapshots', 'verify']`. */
  words: string[]
  /** Positional arguments, as shown in the usage line: `DB`, `A.db B.db`. */
  args: string
  summary: string
  /** Extra help text shown under the options. */
  details?: string
  options: OptionSpec[]
  /** How many positionals it takes: [min, max]. */
  arity: [number, number]
  run(args: ParsedArgs, io: CliIo): Promise<number>
}

/** Where a command writes; tests pass buffers. */
export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  /** The width of the terminal stdout shows on, when it is one: the text report fits itself to it. */
  columns?: number | undefined
}

/** Parses a command's arguments; unknown options and wrong arity are InputErrors. */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const options = Object.fromEntries(
    spec.options.map((o) => [
      o.name,
      { type: o.value ? ('string' as const) : ('boolean' as const), multiple: o.multiple ?? false },
    ]),
  )
  let parsed
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true })
  } catch (error) {
    // Node's hints (how to give a value that starts with a dash) follow on lines of their own: keep them.
    const message = error instanceof Error ? error.message.replace(/\s*\n\s*/g, ' ') : String(error)
    throw new InputError(`${spec.words.join(' ')}: ${message} (see --help)`)
  }
  // parseArgs keeps the last of an option given twice: `--reporter json --reporter junit` would write
  // JUnit alone, and `--out a.xml --out b.xml` one file, both without a word.
  const seen = new Set<string>()
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || options[token.name]?.multiple) continue
    if (seen.has(token.name)) {
      throw new InputError(`${spec.words.join(' ')}: --${token.name} given more than once (see --help)`)
    }
    seen.add(token.name)
  }
  const [min, max] = spec.arity
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    throw new InputError(`${spec.words.join(' ')}: expected ${spec.args || 'no arguments'} (see --help)`)
  }
  return { positionals: parsed.positionals, values: parsed.values as ParsedArgs['values'] }
}

/** The help text of one command, built from its declaration. */
export function commandHelp(spec: CommandSpec): string {
  const lines = [
    `Usage: upgrade-harness ${spec.words.join(' ')}${spec.args ? ` ${spec.args}` : ''} [options]`,
    '',
    spec.summary,
    '',
  ]
  const rows = [...spec.options, { name: 'help', help: 'show this help' } as OptionSpec].map((o) => [
    `--${o.name}${o.value ? ` ${o.value}` : ''}${o.multiple ? '...' : ''}`,
    o.help,
  ])
  const width = Math.max(...rows.map(([left]) => left!.length)) + 2
  lines.push('Options:', ...rows.map(([left, help]) => `  ${left!.padEnd(width)}${help}`))
  if (spec.details) lines.push('', spec.details)
  return lines.join('\n') + '\n'
}
