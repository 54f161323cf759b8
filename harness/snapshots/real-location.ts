import { realpathSync } from 'node:fs'
import path from 'node:path'

/**
 * Where `file` really is, symbolic links resolved, whether or not it exists yet: the real path of its
 * nearest existing folder, joined with the rest. Two paths that name one place answer alike.
 */
export function realLocation(file: string): string {
  const rest: string[] = []
  for (let at = path.resolve(file); ; at = path.dirname(at)) {
    try {
      return path.join(realpathSync(at), ...rest.reverse())
    } catch {
      if (path.dirname(at) === at) return path.resolve(file)
      rest.push(path.basename(at))
    }
  }
}

/** Whether `file` is `folder` itself or lies anywhere inside it, symbolic links resolved. */
export function isWithin(file: string, folder: string): boolean {
  const relative = path.relative(realLocation(folder), realLocation(file))
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
}
