import type { CheckName } from '../checks/check-names.ts'
import type {
  CommandTargetSpec,
  ContainerTargetSpec,
  ModuleTargetSpec,
  TargetSpec,
} from '../targets/target.ts'

/** Where the migration history lives. */
export type HistorySpec = { table: string; column: string } | { pragma: 'user_version' }

/** A table (or one column of it) whose rows an upgrade may legitimately drop or rewrite. */
export interface DataRule {
  table: string
  column?: string
  reason: string
}

/** A column whose value is expected to differ between two starts (timestamps, counters). */
export interface VolatileColumn {
  table: string
  column: string
}

/** A known and accepted schema difference, reported when it no longer matches anything. */
export interface SchemaIgnoreRule {
  /** The object, as the diff names it: `table tokens`, `index idx_notes_slug`, `trigger ...`. */
  object: string
  /** The property within it (`column token_hash`, `sql`, ...). Default: any. */
  property?: string
  reason: string
}

/** A released version: how to rebuild its snapshot from its real initDb and fixtures. */
export interface ReleaseSpec {
  /** Snapshot folder name, e.g. `v0.9.5`. */
  name: string
  /** Semver version, e.g. `0.9.5`. */
  version: string
  target: TargetSpec
  /** SQL files run after initDb, in order. */
  fixtures?: string[]
  /** SQL run after the fixtures (a manual hot-fix, for instance). */
  afterSql?: string[]
  /** Migration files shipped by the release (folder), for migrations-unchanged. */
  migrations?: string
}

/**
 * A target as a config file writes it: exactly one kind, so that a module with a `command`, or an
 * image without its `dataDir`, is a type error rather than a run-time one.
 */
export type UserTargetSpec =
  | (ModuleTargetSpec & { command?: never; image?: never })
  | (CommandTargetSpec & { module?: never; image?: never })
  | (ContainerTargetSpec & { module?: never })

/** A release as a config file writes it. */
export type UserReleaseSpec = Omit<ReleaseSpec, 'target'> & { target: UserTargetSpec }

/** The config file as users write it (paths relative to the config's folder). */
export interface UserConfig {
  /** Folder of `<name>/manifest.json` snapshots. Default: `snapshots`. */
  snapshots?: string
  /** What to start: a module, a command or a container image. Required. */
  target: UserTargetSpec
  /** Where the migration history lives. Default: `{ table: 'schema_migrations', column: 'migration_name' }`. */
  history?: HistorySpec
  /** The current migration files, for `migrations-unchanged`. Default: none (the check is skipped). */
  migrations?: string
  /** Rows and values an upgrade may drop or rewrite, and columns never compared. Default: none. */
  data?: { allowLoss?: DataRule[]; allowChange?: DataRule[]; volatile?: VolatileColumn[] }
  /** Schema comparison: `strictColumnOrder` and `comparePageSize` default to false, `ignore` to none. */
  schema?: { strictColumnOrder?: boolean; comparePageSize?: boolean; ignore?: SchemaIgnoreRule[] }
  /** How to rebuild each release's snapshot (`snapshots regenerate`). Default: none. */
  releases?: UserReleaseSpec[]
  /** A start still running after this long is killed. Default: 30000. */
  timeoutMs?: number
  /** The `budget` check's limit for one upgrade. Default: none (the check is skipped). */
  budgetMs?: number
  /** Processes `concurrent-start` starts at once, at least 2. Default: 8. */
  concurrency?: number
  /** Checks reported as skipped. Default: none. */
  checks?: { skip?: CheckName[] }
}

/** A loaded, validated config: every path absolute, every default filled in. */
export interface Config {
  /** The config file's absolute path. */
  file: string
  /** The folder relative paths resolve from. */
  rootDir: string
  snapshots: string
  target: TargetSpec
  history: HistorySpec
  migrations: string | undefined
  data: { allowLoss: DataRule[]; allowChange: DataRule[]; volatile: VolatileColumn[] }
  schema: { strictColumnOrder: boolean; comparePageSize: boolean; ignore: SchemaIgnoreRule[] }
  releases: ReleaseSpec[]
  timeoutMs: number
  budgetMs: number | undefined
  concurrency: number
  checks: { skip: string[] }
}
