import type { HistorySpec } from './types.ts'

/** Config file names looked for, in this order, when no `--config` is given. */
export const CONFIG_FILE_NAMES = [
  'upgrade-harness.config.ts',
  'upgrade-harness.config.mjs',
  'upgrade-harness.config.js',
  'upgrade-harness.config.json',
] as const

/** Default folder of snapshots, relative to the config. */
export const DEFAULT_SNAPSHOTS_DIR = 'snapshots'
/** Default history: the `schema_migrations` table's `migration_name` column. */
export const DEFAULT_HISTORY: HistorySpec = { table: 'schema_migrations', column: 'migration_name' }
/** Default time limit of one target start. */
export const DEFAULT_TIMEOUT_MS = 30_000
/** Default number of processes `concurrent-start` starts at once. */
export const DEFAULT_CONCURRENCY = 8
