/**
 * Why `name` cannot name a snapshot (a folder directly inside the snapshots folder, which the catalogue
 * lists), or undefined when it can.
 */
export function snapshotNameProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return 'is not a folder name'
  if (/[/\\]/.test(name)) return 'must be a folder name, without "/" or "\\"'
  if (name.startsWith('.')) return 'must not start with "." (the catalogue skips hidden folders)'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) return 'must not hold control characters'
  return undefined
}
