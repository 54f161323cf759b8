import path from 'node:path'
import { loadConfig } from '../../config/load-config.ts'
import { InputError } from '../../errors.ts'
import type { CommandSpec } from '../command-spec.ts'
import { listValue, stringValue } from '../values.ts'

/** `upgrade-harness snapshots regenerate`: rebuild every release's snapshot from its real initDb and fixtures. */
export const snapshotsRegenerateCommand: CommandSpec = {
  words: ['snapshots', 'regenerate'],
  args: '',
  arity: [0, 0],
  summary:
    'Rebuild each release\'s snapshot from the release\'s own initDb and fixtures (config "releases"). With --check, rebuild in a temporary folder and fail on any logical difference from the committed snapshots.',
  options: [
    { name: 'config', value: 'F', help: 'config file (default: upgrade-harness.config.* here)' },
    {
      name: 'check',
      help: 'compare with the committed snapshots instead of writing; exit 1 on a difference',
    },
    { name: 'release', value: 'NAME', multiple: true, help: 'only this release (repeatable)' },
    {
      name: 'scale',
      value: 'N',
      help: "multiply the main tables' rows by about N (large snapshots for budgets; needs --out)",
    },
    { name: 'out', value: 'D', help: "write the snapshots into D instead of the config's snapshots folder" },
  ],
  async run(args, io) {
    // Loaded on use: the gate's own start stays small.
    const { regenerateSnapshots } = await import('../../snapshots/regenerate-snapshots.ts')
    const config = await loadConfig(stringValue(args, 'config'), io.cwd)
    const scaleText = stringValue(args, 'scale')
    const scale = scaleText === undefined ? undefined : Number(scaleText)
    if (scale !== undefined && !(Number.isInteger(scale) && scale >= 1))
      throw new InputError(`--scale ${scaleText}: expected a whole number >= 1`)
    const out = stringValue(args, 'out')
    const check = args.values['check'] === true
    if (check && (out !== undefined || scale !== undefined)) {
      throw new InputError(
        '--check rebuilds in a temporary folder and compares with the committed snapshots: it takes no --out or --scale',
      )
    }
    if (scale !== undefined && out === undefined) {
      throw new InputError(
        '--scale: large snapshots are never written into the committed folder; give --out D',
      )
    }
    const releases = listValue(args, 'release')
    const result = await regenerateSnapshots(config, {
      check,
      ...(releases.length > 0 && { only: releases }),
      ...(scale !== undefined && { scale }),
      ...(out !== undefined && { outDir: path.resolve(io.cwd, out) }),
      onProgress: (line) => io.stderr(`${line}\n`),
    })
    for (const s of result.snapshots) {
      if (s.error) io.stdout(`FAIL  ${s.name}: ${s.error}\n`)
      else if (!s.ok) io.stdout(`DIFF  ${s.name}:\n${s.differences.map((d) => `        ${d}\n`).join('')}`)
      else if (s.dir) io.stdout(`ok    ${s.name} -> ${path.relative(io.cwd, s.dir) || s.dir}\n`)
      else if (check) io.stdout(`ok    ${s.name} (same as committed)\n`)
      // Snapshots are swapped in all together or not at all.
      else io.stdout(`built ${s.name} (not written: another release failed)\n`)
    }
    return result.ok ? 0 : 1
  },
}
