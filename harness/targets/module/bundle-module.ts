import { existsSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build, type Metafile } from 'esbuild'

import { InputError, errorMessage } from '../../errors.ts'
import { registerDir, releaseDir } from '../process/child-registry.ts'
import { makeBundleDir } from './bundle-location.ts'
import { metaUrlPlugin } from './meta-url-plugin.ts'

/** A target module and the child runner, bundled to plain JS once per prepare. */
export interface ModuleBundle extends AsyncDisposable {
  readonly dir: string
  /** The child's entry: `node <runnerFile> <targetFile> <export> <db> <settings>`. */
  readonly runnerFile: string
  readonly targetFile: string
  /** The bundle imports better-sqlite3, so the statement hooks can take effect. */
  readonly usesBetterSqlite: boolean
}

/** The child runner's source, beside this file (`.ts` in the repo, `.js` if the harness is ever compiled). */
function runnerSource(): string {
  const ts = fileURLToPath(new URL('./child-runner.ts', import.meta.url))
  return existsSync(ts) ? ts : fileURLToPath(new URL('./child-runner.js', import.meta.url))
}

/**
 * Bundle `modulePath` and the child runner with esbuild (ESM, Node, npm packages kept external) into a
 * fresh folder, and check that the module exports `exportName`, from esbuild's metafile rather than by
 * running it. `label` is how errors name the module. Throws InputError for a missing module, one that
 * does not bundle, a CommonJS module, or a missing export. Disposing removes the folder.
 */
export async function bundleModule(
  modulePath: string,
  exportName: string,
  label: string,
): Promise<ModuleBundle> {
  if (!existsSync(modulePath) || !statSync(modulePath).isFile()) {
    throw new InputError(`${label}: target module not found`)
  }
  let dir: string
  try {
    dir = makeBundleDir(modulePath)
  } catch (error) {
    throw new InputError(`${label}: cannot make a folder for its bundle: ${errorMessage(error)}`, {
      cause: error,
    })
  }
  registerDir(dir)
  const remove = (): void => {
    rmSync(dir, { recursive: true, force: true })
    releaseDir(dir)
  }
  let metafile: Metafile
  try {
    const result = await build({
      entryPoints: [
        { in: modulePath, out: 'target' },
        { in: runnerSource(), out: 'runner' },
      ],
      outdir: dir,
      // Metafile paths are relative to this, so the target's output is simply `target.mjs`.
      absWorkingDir: dir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node}`,
      packages: 'external',
      metafile: true,
      logLevel: 'silent',
      plugins: [metaUrlPlugin],
    })
    metafile = result.metafile
  } catch (error) {
    remove()
    const first = (error as { errors?: { text: string }[] }).errors?.[0]?.text ?? String(error)
    throw new InputError(`${label}: cannot be bundled: ${first}`, { cause: error })
  }
  const targetFile = join(dir, 'target.mjs')
  const meta = metafile.outputs['target.mjs']
  // A CommonJS entry (module.exports, require) bundles to an ES module whose require() and __dirname do
  // not work, and whose named exports are lost: say so plainly rather than fail at its first start.
  const entry = Object.entries(metafile.inputs).find(([input]) => resolve(dir, input) === modulePath)
  if (entry?.[1].format === 'cjs') {
    remove()
    throw new InputError(
      `${label}: a CommonJS module (module.exports, require); a module target is an ES module or TypeScript: import it from an .mjs (createRequire) or start it as a command target`,
    )
  }
  if (!meta?.exports.includes(exportName)) {
    remove()
    throw new InputError(
      `${label}: does not export a function "${exportName}"${exportHint(meta?.exports ?? [])}`,
    )
  }
  return {
    dir,
    runnerFile: join(dir, 'runner.mjs'),
    targetFile,
    usesBetterSqlite: meta.imports.some((entry) => entry.external && entry.path === 'better-sqlite3'),
    [Symbol.asyncDispose]: async () => remove(),
  }
}

/** What the module does export, when that is few enough to list: the name to give the target instead. */
function exportHint(exports: string[]): string {
  if (exports.length === 0) return '; it exports nothing'
  return exports.length > 5 ? '' : `; it exports ${exports.map((name) => `"${name}"`).join(', ')}`
}
