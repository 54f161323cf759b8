import path from 'node:path'
import semver from 'semver'
import { InputError, errorMessage } from '../errors.ts'
import type { Manifest } from './manifest.ts'

const SHA256 = /^[0-9a-f]{64}$/
const FIELDS = new Set([
  'name',
  'version',
  'file',
  'sha256',
  'sqliteVersion',
  'source',
  'rowCounts',
  'migrations',
  'notes',
])

/**
 * Validates a manifest's text field by field. Throws an InputError naming `file` and the field:
 * `snapshots/v0.9.5/manifest.json: "sha256" must be 64 hex characters`.
 * `folderName`, when given, must equal the manifest's `name`.
 */
export function parseManifest(text: string, file: string, folderName?: string): Manifest {
  const fail = (problem: string): never => {
    throw new InputError(`${file}: ${problem}`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    return fail(`not valid JSON (${errorMessage(error)})`)
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('must hold a JSON object')
  const data = raw as Record<string, unknown>
  for (const key of Object.keys(data)) if (!FIELDS.has(key)) fail(`unknown field "${key}"`)

  const text_ = (field: string): string => {
    const value = data[field]
    if (typeof value !== 'string' || value === '') return fail(`"${field}" must be a non-empty string`)
    return value
  }
  const name = text_('name')
  if (folderName !== undefined && name !== folderName) {
    fail(`"name" is "${name}" but the folder is "${folderName}"`)
  }
  const version = text_('version')
  if (semver.valid(version) === null) fail(`"version" must be a semver version, got "${version}"`)
  const dbFile = text_('file')
  if (path.isAbsolute(dbFile) || dbFile.split(/[\\/]/).includes('..')) {
    fail(`"file" must be a path inside the snapshot's folder, got "${dbFile}"`)
  }
  const sha256 = text_('sha256')
  if (!SHA256.test(sha256)) fail(`"sha256" must be 64 hex characters`)
  const sqliteVersion = text_('sqliteVersion')
  if (!/^\d+\.\d+\.\d+$/.test(sqliteVersion))
    fail(`"sqliteVersion" must be a version such as 3.45.1, got "${sqliteVersion}"`)
  const source = data['source']
  if (source !== 'regenerated' && source !== 'captured') fail(`"source" must be "regenerated" or "captured"`)
  const rowCounts = record(data['rowCounts'], 'rowCounts', fail, (value) =>
    Number.isSafeInteger(value) && (value as number) >= 0 ? null : 'a count (a whole number >= 0)',
  ) as Record<string, number>
  const migrations = record(data['migrations'], 'migrations', fail, (value) =>
    typeof value === 'string' && SHA256.test(value) ? null : 'a sha256 (64 hex characters)',
  ) as Record<string, string>
  // Keys are paths inside the release's migrations folder (`0001_notes.sql`, `20240101_init/migration.sql`),
  // which migrations-unchanged joins to the current folder: nothing may lead outside it.
  for (const key of Object.keys(migrations)) {
    if (!isPathInside(key))
      fail(
        `"migrations" key "${key}" must be a path inside the migrations folder, with / between folders (no "..", "." or empty parts, not absolute)`,
      )
  }
  const notes = data['notes']
  if (notes !== undefined && typeof notes !== 'string') fail(`"notes" must be a string`)

  const manifest: Manifest = {
    name,
    version,
    file: dbFile,
    sha256,
    sqliteVersion,
    source: source as Manifest['source'],
    rowCounts,
    migrations,
  }
  if (typeof notes === 'string') manifest.notes = notes
  return manifest
}

/** Checks an object whose every value passes `check` (which returns what was expected, or null). */
function record(
  value: unknown,
  field: string,
  fail: (problem: string) => never,
  check: (value: unknown) => string | null,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(`"${field}" must be an object`)
  }
  for (const [key, entry] of Object.entries(value)) {
    const expected = check(entry)
    if (expected !== null) fail(`"${field}.${key}" must be ${expected}`)
  }
  return { ...value }
}

/** Whether a recorded migration path stays inside its folder, on any platform: `/` parts only, none `.`, `..` or empty. */
function isPathInside(key: string): boolean {
  if (key.includes('\\') || path.win32.isAbsolute(key)) return false
  return key.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
}
