import path from 'node:path'

/**
 * A path as error messages show it: relative to the current folder when it lies inside it
 * (`snapshots/v0.9.5/manifest.json`), absolute otherwise, so one line names the file unambiguously.
 */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file)
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
}
