import { count } from '../../checks/summarize.ts'
import { configField } from '../../config/config-field.ts'
import { loadConfig } from '../../config/load-config.ts'
import { loadCatalogue } from '../../snapshots/load-catalogue.ts'
import { verifySnapshot } from '../../snapshots/verify-snapshot.ts'
import type { CommandSpec } from '../command-spec.ts'
import { stringValue } from '../values.ts'

/** `upgrade-harness snapshots verify`: every manifest valid, every database file what its manifest says. */
export const snapshotsVerifyCommand: CommandSpec = {
  words: ['snapshots', 'verify'],
  args: '',
  arity: [0, 0],
  summary:
    "Check every snapshot: a valid manifest, a SQLite file whose sha256 and row counts match the manifest's, nothing beside it. Exit 2 on the first problem.",
  options: [{ name: 'config', value: 'F', help: 'config file (default: upgrade-harness.config.* here)' }],
  async run(args, io) {
    const config = await loadConfig(stringValue(args, 'config'), io.cwd)
    const snapshots = await loadCatalogue(config.snapshots, configField(config, 'snapshots'))
    for (const snapshot of snapshots) {
      await verifySnapshot(snapshot, { rowCounts: true })
      io.stdout(
        `ok  ${snapshot.name} (${snapshot.manifest.version}, sha256 ${snapshot.manifest.sha256.slice(0, 12)}...)\n`,
      )
    }
    io.stdout(`${count(snapshots.length, 'snapshot')} verified\n`)
    return 0
  },
}
