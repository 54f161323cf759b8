/**
 * The longest name in bytes: a folder's name holds 255, and the hidden staging folder a snapshot is
 * written in first (`.<name>.new-1a2b3c4d`) adds 14.
 */
export const MAX_SNAPSHOT_NAME_BYTES = 255 - '.'.length - '.new-1a2b3c4d'.length

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
  if (Buffer.byteLength(name) > MAX_SNAPSHOT_NAME_BYTES)
    return `must be at most ${MAX_SNAPSHOT_NAME_BYTES} bytes long (a folder's name holds 255, and the staging folder it is written in first adds 14)`
  return undefined
}
