/**
 * `npm run images`: build a local image of each release of the reference app, tagged
 * `upgrade-harness/app:<version>`, from a root file system alone (node, the libraries `ldd` lists, the
 * bundled release, better-sqlite3). Nothing is pulled; an image whose inputs are unchanged is kept.
 */
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { build } from 'esbuild'
import { dir } from 'tmp-promise'

import type { BuiltImage, RootfsEntry } from '../../harness/targets/container/build-rootfs-image.ts'
import { buildNodeImage } from '../../harness/targets/container/node-image.ts'
import { REPO_ROOT, appImageTag, findAppReleases, type AppRelease } from './app-release.ts'

/** Where the app's files go in the image; the release's folder layout is kept below it. */
export const IMAGE_SOURCE_DIR = '/app/src'
/** The image's start script (`node /app/start.js --init-only DBPATH`). */
export const IMAGE_START_SCRIPT = '/app/start.js'

/** What {@link buildAppImages} builds. */
export interface BuildAppImagesOptions {
  /** Releases to package. Default: every release {@link findAppReleases} finds. */
  releases?: AppRelease[]
  /** The folder whose files (migrations, schema scripts) are copied beside the bundles. Default: `app/`. */
  sourceRoot?: string
  /** Progress lines. Default: printed to the console. */
  log?: (line: string) => void
}

/** Build (or keep, when up to date) one image per release; returns what happened to each. */
export async function buildAppImages(options: BuildAppImagesOptions = {}): Promise<BuiltImage[]> {
  const sourceRoot = options.sourceRoot ?? path.join(REPO_ROOT, 'app')
  const releases = options.releases ?? findAppReleases(sourceRoot)
  const log = options.log ?? ((line: string) => console.log(line))
  const shared = [...assetEntries(sourceRoot), ...nodeModuleEntries()]
  const built: BuiltImage[] = []
  for (const release of releases) {
    await using bundles = await temporaryFolder()
    log(`${appImageTag(release.version)}: bundling ${path.relative(REPO_ROOT, release.entry)}`)
    const entries = await bundleRelease(release, sourceRoot, bundles.path)
    built.push(
      await buildNodeImage({
        tag: appImageTag(release.version),
        entries: [...entries, ...shared],
        nativeAddons: [betterSqliteAddon()],
        labels: { 'upgrade-harness.app-version': release.version },
        log,
      }),
    )
  }
  return built
}

/** The release bundled where its source sits below the source root, so its `import.meta.url` paths hold. */
async function bundleRelease(
  release: AppRelease,
  sourceRoot: string,
  outDir: string,
): Promise<RootfsEntry[]> {
  const relative = path.relative(sourceRoot, release.entry).replace(/\.ts$/, '.mjs')
  const inImage = path.posix.join(IMAGE_SOURCE_DIR, ...relative.split(path.sep))
  const bundle = path.join(outDir, 'init-db.mjs')
  const start = path.join(outDir, 'start.js')
  await build({
    entryPoints: [release.entry],
    outfile: bundle,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['better-sqlite3'],
    loader: { '.sql': 'text' },
    // A CommonJS dependency bundled into ESM needs a real require.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  })
  await build({
    entryPoints: [fileURLToPath(new URL('./start.ts', import.meta.url))],
    outfile: start,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: { INIT_DB_MODULE: JSON.stringify(inImage) },
    logLevel: 'silent',
  })
  return [
    { from: bundle, to: inImage },
    { from: start, to: IMAGE_START_SCRIPT },
  ]
}

/** Every file of the source root but TypeScript sources (they are bundled): migrations, schema scripts. */
function assetEntries(sourceRoot: string): RootfsEntry[] {
  const entries: RootfsEntry[] = []
  const walk = (folder: string): void => {
    for (const item of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, item.name)
      if (item.isDirectory() && item.name !== 'node_modules') walk(full)
      else if (item.isFile() && !item.name.endsWith('.ts')) {
        entries.push({
          from: full,
          to: path.posix.join(IMAGE_SOURCE_DIR, ...path.relative(sourceRoot, full).split(path.sep)),
        })
      }
    }
  }
  walk(sourceRoot)
  return entries
}

const requireFromRoot = createRequire(path.join(REPO_ROOT, 'package.json'))

function packageDir(name: string, from = requireFromRoot): string {
  return path.dirname(from.resolve(`${name}/package.json`))
}

function betterSqliteAddon(): string {
  return path.join(packageDir('better-sqlite3'), 'build', 'Release', 'better_sqlite3.node')
}

/** better-sqlite3's runtime files (not its C sources) and the two small packages that load its addon. */
function nodeModuleEntries(): RootfsEntry[] {
  const betterSqlite = packageDir('better-sqlite3')
  const bindings = packageDir('bindings', createRequire(path.join(betterSqlite, 'package.json')))
  const fileUri = packageDir('file-uri-to-path', createRequire(path.join(bindings, 'package.json')))
  const modules = '/app/node_modules'
  return [
    { from: path.join(betterSqlite, 'package.json'), to: `${modules}/better-sqlite3/package.json` },
    { from: path.join(betterSqlite, 'lib'), to: `${modules}/better-sqlite3/lib` },
    { from: betterSqliteAddon(), to: `${modules}/better-sqlite3/build/Release/better_sqlite3.node` },
    { from: bindings, to: `${modules}/bindings` },
    { from: fileUri, to: `${modules}/file-uri-to-path` },
  ]
}

async function temporaryFolder(): Promise<{ path: string } & AsyncDisposable> {
  const folder = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-bundle-' })
  return { path: folder.path, [Symbol.asyncDispose]: () => folder.cleanup() }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now()
  const built = await buildAppImages()
  if (built.length === 0) console.log('no releases with an init-db.ts found under app/')
  const fresh = built.filter((image) => image.built).length
  console.log(
    `${built.length} images (${fresh} built, ${built.length - fresh} up to date) in ${Math.round(performance.now() - started)} ms`,
  )
}
