import { displayPath } from '../snapshots/display-path.ts'
import type { Config } from './types.ts'

/**
 * Where a value came from, for messages about it: `the "snapshots" of upgrade-harness.config.ts`. A path
 * that names nothing is reported by its own name first; this says which line of which file to fix.
 */
export function configField(config: Pick<Config, 'file'>, field: string): string {
  return `the "${field}" of ${displayPath(config.file)}`
}
