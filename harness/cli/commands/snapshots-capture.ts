import path from 'node:path'
import semver from 'semver'
import { configFileIn, loadConfig } from '../../config/load-config.ts'
import type { Config } from '../../config/types.ts'
import { InputError } from '../../errors.ts'
import type { CommandSpec } from '../command-spec.ts'
import { stringValue } from '../values.ts'

/** `upgrade-harness snapshots capture DB --version V`: any SQLite file into a snapshot folder. */
export const snapshotsCaptureCommand: CommandSpec = {
  words: ['snapshots', 'capture'],
  args: 'DB',
  arity: [1, 1],
  summary:
    'Turn a SQLite file (a production backup, a database from a bug report) into a snapshot folder. The source is opened read-only and copied consistently, even while another process writes; scrub rules replace sensitive values.',
  options: [
    { name: 'version', value: 'V', help: 'the release that made the database, as semver (required)' },
    { name: 'name', value: 'N', help: 'snapshot name (default: v<version>-captured)' },
    {
      name: 'config',
      value: 'F',
      help: 'config whose history and snapshots folder to use (default: upgrade-harness.config.* here, if any)',
    },
    {
      name: 'dir',
      value: 'D',
      help: "folder of snapshots to write into (default: the config's, else snapshots)",
    },
    { name: 'scrub', value: 'F', help: 'JSON file mapping "table.column" to null, hash, fake or keep' },
    {
      name: 'scrub-default',
      value: 'hash|keep',
      help: 'what to do with text columns the rules do not name (default: keep)',
    },
  ],
  details: 'The snapshot folder must not exist yet: captured snapshots are never overwritten.',
  async run(args, io) {
    // Loaded on use: the gate's own start stays small.
    const { captureSnapshot } = await import('../../snapshots/capture-snapshot.ts')
    const version = stringValue(args, 'version')
    if (!version) throw new InputError('snapshots capture: --version V is required')
    const scrubDefault = stringValue(args, 'scrub-default') ?? 'keep'
    if (scrubDefault !== 'hash' && scrubDefault !== 'keep') {
      throw new InputError(`--scrub-default ${scrubDefault}: expected hash or keep`)
    }
    const scrub = stringValue(args, 'scrub')
    // `v1.2.0` is read as 1.2.0 (captureSnapshot refuses what is not semver at all).
    const name = stringValue(args, 'name') ?? `v${semver.valid(version) ?? version}-captured`
    const config = await captureConfig(stringValue(args, 'config'), io.cwd)
    const dir = stringValue(args, 'dir')
    const manifest = await captureSnapshot({
      source: path.resolve(io.cwd, args.positionals[0]!),
      version,
      name,
      dir:
        dir === undefined
          ? (config?.snapshots ?? path.resolve(io.cwd, 'snapshots'))
          : path.resolve(io.cwd, dir),
      ...(scrub !== undefined && { scrubRules: path.resolve(io.cwd, scrub) }),
      scrubDefault,
      ...(config && { history: config.history }),
    })
    const rows = Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0)
    io.stdout(
      `captured ${manifest.name} (${manifest.version}): ${Object.keys(manifest.rowCounts).length} tables, ${rows} rows, sha256 ${manifest.sha256.slice(0, 12)}...\n`,
    )
    return 0
  },
}

/**
 * The config capture takes its history (never scrubbed by default, and the line in schema.sql) and its
 * snapshots folder from: the one `--config` names, else the one here, if any. Capture needs no target,
 * so without a config it runs on the defaults.
 */
async function captureConfig(file: string | undefined, cwd: string): Promise<Config | undefined> {
  if (file === undefined && configFileIn(cwd) === undefined) return undefined
  return loadConfig(file, cwd)
}
