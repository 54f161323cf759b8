import path from 'node:path'
import { diffSchemas } from '../../diff/diff-schemas.ts'
import { renderSchemaDiffText, schemaDiffToJson } from '../../diff/render-schema-diff.ts'
import { inspectDatabase } from '../../inspect/inspect-database.ts'
import type { CommandSpec } from '../command-spec.ts'

/** `upgrade-harness diff A B`: the structural schema diff of two databases. */
export const diffCommand: CommandSpec = {
  words: ['diff'],
  args: 'A.db B.db',
  arity: [2, 2],
  summary:
    'Compare the schemas of two SQLite databases structurally (formatting, quoting and column order are not differences; --strict-column-order makes order one). Exit 1 when they differ.',
  options: [
    { name: 'json', help: 'print the diff as JSON' },
    { name: 'strict-column-order', help: 'a different column order is a difference' },
  ],
  async run(args, io) {
    const [a, b] = args.positionals.map((p) => path.resolve(io.cwd, p)) as [string, string]
    const diff = diffSchemas(inspectDatabase(a), inspectDatabase(b), {
      expectedLabel: args.positionals[0]!,
      actualLabel: args.positionals[1]!,
      strictColumnOrder: args.values['strict-column-order'] === true,
    })
    io.stdout(
      args.values['json']
        ? JSON.stringify(schemaDiffToJson(diff), null, 2) + '\n'
        : renderSchemaDiffText(diff),
    )
    return diff.differences.length > 0 ? 1 : 0
  },
}
