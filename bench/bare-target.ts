import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Config } from '../harness/config/types.ts'
import { bundleModule } from '../harness/targets/module/bundle-module.ts'
import { DEFAULT_EXPORT } from '../harness/targets/module/default-export.ts'
import { makeTempFolder } from './temp-folder.ts'

// The floor's child: import the bundle, call the function, exit. Nothing else: no channel, no hooks.
const RUNNER = `import { pathToFileURL } from 'node:url'
const [file, name, db] = process.argv.slice(2)
const target = await import(pathToFileURL(file).href)
await target[name](db)
process.exit(0)
`

/** The config's module target, bundled once, started the barest way there is: `node runner.mjs`. */
export interface BareTarget extends AsyncDisposable {
  /** One plain `node` process on `dbPath`; resolves when it exits, rejects when it fails. */
  start(dbPath: string): Promise<void>
}

/** Bundles the config's module target (the same esbuild bundle the harness makes) for bare starts. */
export async function prepareBareTarget(config: Config): Promise<BareTarget> {
  const spec = config.target
  if (!('module' in spec)) throw new Error('the overhead bench needs a module target')
  const exportName = spec.export ?? DEFAULT_EXPORT
  const bundle = await bundleModule(path.resolve(config.rootDir, spec.module), exportName, spec.module)
  const folder = await makeTempFolder()
  const runner = path.join(folder.path, 'bare-runner.mjs')
  await writeFile(runner, RUNNER)
  return {
    start: (dbPath) => runNode([runner, bundle.targetFile, exportName, dbPath], config.rootDir),
    [Symbol.asyncDispose]: async () => {
      await bundle[Symbol.asyncDispose]()
      await folder[Symbol.asyncDispose]()
    },
  }
}

/** Runs `node ...args` and resolves on exit 0 (stderr's tail in the rejection otherwise). */
export function runNode(args: string[], cwd?: string, env?: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)))
    child.once('error', reject)
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`node exited ${code ?? signal}: ${stderr.trim()}`)),
    )
  })
}
