import { readdirSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'

import { processAlive } from '../targets/process/child-registry.ts'

/**
 * How long a dead run's folder is left alone. A run in another PID namespace that shares the temporary
 * folder (a container with the host's /tmp) looks dead from here; one that has touched its folder lately
 * is not swept under it.
 */
export const ABANDONED_AFTER_MS = 10 * 60 * 1000

/**
 * Removes the folders (`<prefix>-<pid>-XXXXXX`) that runs killed outright (SIGKILL, the OOM killer) left
 * in `dir`: they ran no exit hooks, and working copies of large snapshots would fill the folder run after
 * run. A folder is swept only when its pid is not running and it has not changed for
 * {@link ABANDONED_AFTER_MS}. Never throws: what cannot be read or removed stays.
 */
export function sweepTempFolders(dir: string, prefix: string, now = Date.now()): string[] {
  const pattern = new RegExp(`^${prefix}-(\\d+)-[A-Za-z0-9]{6}$`)
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const swept: string[] = []
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? NaN)
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || processAlive(pid)) continue
    const folder = path.join(dir, name)
    try {
      const stats = statSync(folder)
      if (!stats.isDirectory() || now - stats.mtimeMs < ABANDONED_AFTER_MS) continue
      rmSync(folder, { recursive: true, force: true })
      swept.push(folder)
    } catch {
      // Someone else's, or gone meanwhile: leave it.
    }
  }
  return swept
}
