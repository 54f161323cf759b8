import type { UserConfig } from './types.ts'

/**
 * Types a config file's default export; returns it unchanged.
 *
 * @example
 * export default defineConfig({ target: { module: 'app/init-db.ts' }, snapshots: 'snapshots' })
 */
export function defineConfig(config: UserConfig): UserConfig {
  return config
}
