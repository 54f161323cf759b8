import { readFile } from 'node:fs/promises'
import { dirname, extname } from 'node:path'
import { pathToFileURL } from 'node:url'

import type { Loader, Plugin } from 'esbuild'

const SOURCE_FILES = /\.(?:[cm]?[jt]s|[jt]sx)$/
const META = /\bimport\.meta\.(url|filename|dirname)\b/g
const LOADERS: Record<string, Loader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.jsx': 'jsx',
}

/**
 * An esbuild plugin that replaces `import.meta.url`, `import.meta.filename` and `import.meta.dirname` in
 * every bundled source file by its own original location. Bundling moves the code to another folder, and
 * a module that reads a file next to itself (`new URL('./schema.sql', import.meta.url)`) must still find it.
 */
export const metaUrlPlugin: Plugin = {
  name: 'original-import-meta',
  setup(build) {
    build.onLoad({ filter: SOURCE_FILES }, async (args) => {
      const source = await readFile(args.path, 'utf8')
      const values: Record<string, string> = {
        url: pathToFileURL(args.path).href,
        filename: args.path,
        dirname: dirname(args.path),
      }
      const contents = source.replace(META, (_whole, key: string) => JSON.stringify(values[key]))
      return { contents, loader: LOADERS[extname(args.path)] ?? 'js', resolveDir: dirname(args.path) }
    })
  },
}
