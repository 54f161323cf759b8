import path from 'node:path'
import semver from 'semver'
import { InputError } from '../errors.ts'
import { CHECK_NAMES, isCheckName } from '../checks/check-names.ts'
import { snapshotNameProblem } from '../snapshots/snapshot-name.ts'
import type { TargetSpec } from '../targets/target.ts'
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_HISTORY,
  DEFAULT_SNAPSHOTS_DIR,
  DEFAULT_TIMEOUT_MS,
} from './defaults.ts'
import { FieldReader, isRecord } from './field-reader.ts'
import type { Config, DataRule, HistorySpec, ReleaseSpec, SchemaIgnoreRule, VolatileColumn } from './types.ts'

const TOP_LEVEL_FIELDS = [
  'snapshots',
  'target',
  'history',
  'migrations',
  'data',
  'schema',
  'releases',
  'timeoutMs',
  'budgetMs',
  'concurrency',
  'checks',
] as const

/**
 * Validates a config file's exported value and resolves it: every path absolute (from the config's
 * folder), every default filled in. Throws InputError naming `file` and the field on the first problem.
 */
export function validateConfig(value: unknown, file: string, shown: string = file): Config {
  if (!isRecord(value)) {
    throw new InputError(`${shown}: must export a config object (export default defineConfig({ ... }))`)
  }
  const rootDir = path.dirname(file)
  const r = new FieldReader(shown, value)
  r.onlyKnown(TOP_LEVEL_FIELDS)
  const resolve = (p: string) => path.resolve(rootDir, p)
  const migrations = r.string('migrations', true)
  const data = r.object('data', true)
  data?.onlyKnown(['allowLoss', 'allowChange', 'volatile'])
  const schema = r.object('schema', true)
  schema?.onlyKnown(['strictColumnOrder', 'comparePageSize', 'ignore'])
  const checks = r.object('checks', true)
  checks?.onlyKnown(['skip'])
  const skip = checks?.strings('skip', true) ?? []
  for (const name of skip) {
    if (!isCheckName(name)) {
      checks?.failHere(`skip: "${name}" is not a check (checks: ${CHECK_NAMES.join(', ')})`)
    }
  }
  return {
    file,
    rootDir,
    snapshots: resolve(r.string('snapshots', true) ?? DEFAULT_SNAPSHOTS_DIR),
    target: readTarget(r.object('target')),
    history: readHistory(r.object('history', true)),
    migrations: migrations === undefined ? undefined : resolve(migrations),
    data: {
      allowLoss: (data?.array('allowLoss') ?? []).map(readDataRule),
      allowChange: (data?.array('allowChange') ?? []).map(readChangeRule),
      volatile: (data?.array('volatile') ?? []).map(readVolatile),
    },
    schema: {
      strictColumnOrder: schema?.boolean('strictColumnOrder') ?? false,
      comparePageSize: schema?.boolean('comparePageSize') ?? false,
      ignore: (schema?.array('ignore') ?? []).map(readIgnoreRule),
    },
    releases: readReleases(r).map((release) => ({
      ...release,
      ...(release.fixtures && { fixtures: release.fixtures.map(resolve) }),
      ...(release.migrations !== undefined && { migrations: resolve(release.migrations) }),
    })),
    timeoutMs: r.number('timeoutMs', 1) ?? DEFAULT_TIMEOUT_MS,
    budgetMs: r.number('budgetMs', 1),
    concurrency: r.number('concurrency', 2, true) ?? DEFAULT_CONCURRENCY,
    checks: { skip },
  }
}

/** Reads a target spec: module, command or container. Paths stay relative (targets resolve them). */
export function readTarget(t: FieldReader): TargetSpec {
  if (t.has('image')) {
    t.onlyKnown(['image', 'command', 'dataDir', 'env', 'readyLog'])
    const spec = {
      image: t.string('image'),
      command: t.strings('command') ?? [],
      dataDir: t.string('dataDir'),
    }
    const env = t.stringMap('env')
    const readyLog = t.string('readyLog', true)
    return { ...spec, ...(env && { env }), ...(readyLog !== undefined && { readyLog }) }
  }
  if (t.has('command')) {
    t.onlyKnown(['command', 'env', 'cwd'])
    const command = t.strings('command') ?? []
    if (command.length === 0) t.failHere('command: must name a program')
    const env = t.stringMap('env')
    const cwd = t.string('cwd', true)
    return { command, ...(env && { env }), ...(cwd !== undefined && { cwd }) }
  }
  if (t.has('module')) {
    t.onlyKnown(['module', 'export'])
    const exportName = t.string('export', true)
    return { module: t.string('module'), ...(exportName !== undefined && { export: exportName }) }
  }
  t.failHere('must have "module", "command" or "image"')
}

function readHistory(h: FieldReader | undefined): HistorySpec {
  if (!h) return DEFAULT_HISTORY
  if (h.has('pragma')) {
    h.onlyKnown(['pragma'])
    if (h.string('pragma') !== 'user_version') h.failHere('pragma: only "user_version" is supported')
    return { pragma: 'user_version' }
  }
  h.onlyKnown(['table', 'column'])
  return { table: h.string('table'), column: h.string('column') }
}

function readDataRule(d: FieldReader): DataRule {
  d.onlyKnown(['table', 'column', 'reason'])
  const column = d.string('column', true)
  return { table: d.string('table'), ...(column !== undefined && { column }), reason: d.string('reason') }
}

/** An allowChange rule names a column: a whole table's values changing is a loss (allowLoss). */
function readChangeRule(d: FieldReader): DataRule {
  d.onlyKnown(['table', 'column', 'reason'])
  return { table: d.string('table'), column: d.string('column'), reason: d.string('reason') }
}

function readVolatile(d: FieldReader): VolatileColumn {
  d.onlyKnown(['table', 'column'])
  return { table: d.string('table'), column: d.string('column') }
}

function readIgnoreRule(d: FieldReader): SchemaIgnoreRule {
  d.onlyKnown(['object', 'property', 'reason'])
  const property = d.string('property', true)
  return {
    object: d.string('object'),
    ...(property !== undefined && { property }),
    reason: d.string('reason'),
  }
}

/** The releases, each named once: two of one name would regenerate into one folder. */
function readReleases(r: FieldReader): ReleaseSpec[] {
  const releases = r.array('releases').map(readRelease)
  releases.forEach(({ name }, i) => {
    const first = releases.findIndex((other) => other.name === name)
    if (first < i) r.failField(`releases[${i}].name`, `"${name}" is also releases[${first}]'s name`)
  })
  return releases
}

function readRelease(d: FieldReader): ReleaseSpec {
  d.onlyKnown(['name', 'version', 'target', 'fixtures', 'afterSql', 'migrations'])
  const fixtures = d.strings('fixtures', true)
  const afterSql = d.strings('afterSql', true)
  const migrations = d.string('migrations', true)
  const name = d.string('name')
  const nameProblem = snapshotNameProblem(name)
  if (nameProblem) d.failField('name', nameProblem)
  const version = d.string('version')
  if (semver.valid(version) === null) d.failField('version', `must be a semver version, got "${version}"`)
  return {
    name,
    version,
    target: readTarget(d.object('target')),
    ...(fixtures && { fixtures }),
    ...(afterSql && { afterSql }),
    ...(migrations !== undefined && { migrations }),
  }
}
