import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's root, from this file's place in it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Image name of the reference app; each release is a tag. */
export const APP_IMAGE = 'upgrade-harness/app'

/** One release of the app to package: its version (the image tag) and its initDb module. */
export interface AppRelease {
  /** `1.0.0-rc.1`, or `current` for what `app/` holds now. */
  version: string
  /** Absolute path of the module exporting `initDb(path)`. */
  entry: string
}

/** `upgrade-harness/app:<version>`. */
export function appImageTag(version: string): string {
  return `${APP_IMAGE}:${version}`
}

/**
 * The app's releases found under `appDir`: each `releases/v<version>/init-db.ts`, and `current` for
 * `init-db.ts` itself. A release folder without an initDb module (schema files only) is left out.
 */
export function findAppReleases(appDir = path.join(REPO_ROOT, 'app')): AppRelease[] {
  const releases: AppRelease[] = []
  const releasesDir = path.join(appDir, 'releases')
  if (existsSync(releasesDir)) {
    for (const name of readdirSync(releasesDir).sort()) {
      const entry = path.join(releasesDir, name, 'init-db.ts')
      if (existsSync(entry)) releases.push({ version: name.replace(/^v/, ''), entry })
    }
  }
  const current = path.join(appDir, 'init-db.ts')
  if (existsSync(current)) releases.push({ version: 'current', entry: current })
  return releases
}
