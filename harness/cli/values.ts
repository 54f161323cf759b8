import type { ParsedArgs } from './command-spec.ts'

/** A string option's value, if given. */
export function stringValue(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name]
  return typeof v === 'string' ? v : undefined
}

/** A repeatable option's values (empty when not given). */
export function listValue(args: ParsedArgs, name: string): string[] {
  const v = args.values[name]
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : []
}
