import { lstatSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs'
import path from 'node:path'

/**
 * Where `file` really is, symbolic links resolved, whether or not it exists yet: the real path of its
 * nearest existing folder, joined with the rest, a link to a place not made yet followed to that place.
 * Two paths that name one place answer alike.
 */
export function realLocation(file: string): string {
  const rest: string[] = []
  let at = path.resolve(file)
  for (let links = 0; links <= MAX_LINKS;) {
    try {
      return path.join(realpathSync(at), ...rest)
    } catch {
      // Not there (yet), or a link to somewhere not there: follow the link, else look one folder up.
    }
    if (isLink(at)) {
      at = path.resolve(path.dirname(at), readlinkSync(at))
      links++
      continue
    }
    const parent = path.dirname(at)
    if (parent === at) break
    rest.unshift(path.basename(at))
    at = parent
  }
  // A loop of links: no real place; writing there fails on its own.
  return path.join(at, ...rest)
}

/** As many links as Linux follows in one path before it gives up (ELOOP). */
const MAX_LINKS = 40

/** Whether `file` is `folder` itself or lies anywhere inside it, symbolic links resolved. */
export function isWithin(file: string, folder: string): boolean {
  const relative = path.relative(realLocation(folder), realLocation(file))
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  )
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink()
  } catch {
    return false // not there, or under something that is not a folder
  }
}

/**
 * The nearest of `file` and its folders that exists, with what it is: where a file or folder to be made
 * at `file` would go (it can be made there only if that is a folder).
 */
export function nearestExisting(file: string): { path: string; stats: Stats } {
  let at = path.resolve(file)
  for (;;) {
    try {
      return { path: at, stats: statSync(at) }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      // Not there, or under something that is not a folder: look one folder up.
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || path.dirname(at) === at) throw error
      at = path.dirname(at)
    }
  }
}
