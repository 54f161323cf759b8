import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { processAlive } from '../process/child-registry.ts'

/** Folder under a package's node_modules where bundles are written. */
export const BUNDLE_CACHE = join('node_modules', '.cache', 'upgrade-harness')

/**
 * Make a fresh folder for one prepared module's bundle. It goes under the node_modules nearest to the
 * module, so Node resolves the bundle's bare imports (kept external: native modules like better-sqlite3
 * cannot be bundled) from the same packages the original file sees, with no import rewriting. Without any
 * node_modules above the module, a temporary folder does (the module then imports only built-ins).
 * Folders left by a harness that was killed (named after its pid) are swept on the way.
 */
export function makeBundleDir(modulePath: string): string {
  const packageDir = nearestWithNodeModules(dirname(modulePath))
  const root = packageDir ? join(packageDir, BUNDLE_CACHE) : tmpdir()
  mkdirSync(root, { recursive: true })
  if (packageDir) sweepAbandoned(root)
  // The real path: esbuild's metafile names files by their real path, so a node_modules that is a
  // symbolic link would otherwise hide the bundle's own exports from the export check.
  return realpathSync(
    mkdtempSync(join(root, packageDir ? `${process.pid}-` : `upgrade-harness-${process.pid}-`)),
  )
}

function nearestWithNodeModules(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules')
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return dir
    if (dirname(dir) === dir) return undefined
  }
}

function sweepAbandoned(root: string): void {
  for (const name of readdirSync(root)) {
    const pid = Number(name.split('-')[0])
    if (Number.isInteger(pid) && pid > 0 && !processAlive(pid))
      rmSync(join(root, name), { recursive: true, force: true })
  }
}
