import path from 'node:path'
import { inspectDatabase } from '../../inspect/inspect-database.ts'
import { renderSchemaModelText } from '../../inspect/render-schema-model.ts'
import type { CommandSpec } from '../command-spec.ts'

/** `upgrade-harness inspect DB`: the schema model of a database. */
export const inspectCommand: CommandSpec = {
  words: ['inspect'],
  args: 'DB',
  arity: [1, 1],
  summary:
    'Print the schema model of a SQLite database (tables, columns, indexes, foreign keys, triggers, views, settings). The file is opened read-only.',
  options: [{ name: 'json', help: 'print the model as JSON' }],
  async run(args, io) {
    const model = inspectDatabase(path.resolve(io.cwd, args.positionals[0]!))
    io.stdout(args.values['json'] ? JSON.stringify(model, null, 2) + '\n' : renderSchemaModelText(model))
    return 0
  },
}
