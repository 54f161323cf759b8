import { relative, resolve, sep } from 'node:path'

import { DEFAULT_EXPORT } from './module/default-export.ts'
import { quoteCommandWord } from './split-command-words.ts'
import type { TargetSpec } from './target.ts'

/**
 * How reports name a target: `module:app/init-db.ts#initDb`, `command:python3 examples/python/init_db.py {db}`
 * or `container:local/app:1.0.0`. Module paths are shown relative to `rootDir` (the config's folder).
 */
export function describeTarget(spec: TargetSpec, rootDir: string): string {
  if ('image' in spec) return `container:${spec.image}`
  if ('module' in spec) {
    const path = relative(rootDir, resolve(rootDir, spec.module)).split(sep).join('/')
    return `module:${path}#${spec.export ?? DEFAULT_EXPORT}`
  }
  // Quoted as --target reads it back: `command:'my tool' {db}` is one program, not two words.
  return `command:${spec.command.map(quoteCommandWord).join(' ')}`
}
