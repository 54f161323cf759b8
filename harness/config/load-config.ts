import { statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { errorMessage, InputError } from '../errors.ts'
import { CONFIG_FILE_NAMES } from './defaults.ts'
import type { Config } from './types.ts'
import { validateConfig } from './validate-config.ts'

/**
 * Loads and validates a config file (`.ts`, `.mts`, `.mjs`, `.js` or `.json`). Without a path, looks for
 * `upgrade-harness.config.{ts,mjs,js,json}` in `cwd`. Throws InputError naming the file on any problem.
 */
export async function loadConfig(file?: string, cwd: string = process.cwd()): Promise<Config> {
  const found = file === undefined ? findConfig(cwd) : path.resolve(cwd, file)
  const shown = path.relative(cwd, found) || found
  const stats = statSync(found, { throwIfNoEntry: false })
  if (!stats) throw new InputError(`${shown}: config file not found`)
  if (stats.isDirectory()) throw new InputError(`${shown}: is a folder, not a config file`)
  return validateConfig(await readConfigValue(found, shown), found, shown)
}

function findConfig(cwd: string): string {
  const found = configFileIn(cwd)
  if (found === undefined)
    throw new InputError(`${cwd}: no config file (looked for ${CONFIG_FILE_NAMES.join(', ')})`)
  return found
}

/** The config file `loadConfig` would load from `cwd` without a path, or undefined when there is none. */
export function configFileIn(cwd: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(cwd, name)
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate
  }
  return undefined
}

async function readConfigValue(file: string, shown: string): Promise<unknown> {
  if (file.endsWith('.json')) {
    // Editors on Windows save UTF-8 with a byte order mark, which JSON.parse refuses (node's require
    // of a .json file strips it too).
    const read = await readFile(file, 'utf8').catch((error: unknown) => {
      throw new InputError(`${shown}: cannot be read (${errorMessage(error)})`)
    })
    const text = read.replace(/^\uFEFF/, '')
    try {
      return JSON.parse(text)
    } catch (error) {
      throw new InputError(`${shown}: invalid JSON (${errorMessage(error)})`)
    }
  }
  try {
    let mod = (await importConfigModule(file)) as { default?: unknown }
    // A .ts or ESM-syntax .js file outside an ESM package loads as CommonJS: its exports arrive one level
    // down (`export default` as `default.default`; a file without one has no `default.default`).
    if (isCommonJsWrapper(mod.default)) mod = mod.default
    if (mod.default === undefined) throw new InputError(`${shown}: has no default export`)
    return mod.default
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`${shown}: cannot be loaded (${errorMessage(error)})`)
  }
}

async function importConfigModule(file: string): Promise<unknown> {
  // tsx compiles the config on the fly, whether or not the caller itself runs under a TS loader. JavaScript
  // goes through it too: under the CLI's global tsx loader a plain import() of a .js file written with
  // `export default` outside an ESM package fails ("Cannot require() ES Module ... in a cycle"), though
  // Node itself loads that file.
  // The file is its own parent: imported from a TypeScript file (this one), tsx reads `x.js` as a
  // TypeScript import and loads `x.ts` in its place when one is beside it (`x.mjs`: `x.mts`).
  const { tsImport } = await import('tsx/esm/api')
  const url = pathToFileURL(file).href
  return tsImport(url, url)
}

/** An ES module compiled to CommonJS: its exports object, marked `__esModule`, stands as the default. */
function isCommonJsWrapper(value: unknown): value is { default?: unknown } {
  return typeof value === 'object' && value !== null && '__esModule' in value
}
