import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, isAbsolute, join, resolve } from 'node:path'

/**
 * Where `name` would be found when spawned from `cwd` with `PATH` = `path`: a name with a slash is a path
 * (relative to `cwd`), a bare name is looked up on the PATH. Undefined when nothing executable is there.
 */
export function findExecutable(name: string, cwd: string, path: string | undefined): string | undefined {
  if (name.includes('/')) {
    const file = isAbsolute(name) ? name : resolve(cwd, name)
    return isExecutable(file) ? file : undefined
  }
  for (const dir of (path ?? '').split(delimiter)) {
    if (!dir) continue
    const file = join(resolve(cwd, dir), name)
    if (isExecutable(file)) return file
  }
  return undefined
}

/** Whether `file` is a regular file this process may execute. */
export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}
