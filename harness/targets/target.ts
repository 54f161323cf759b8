/** What the config says to start: a module's exported function, a command, or a container image. */
export type TargetSpec = ModuleTargetSpec | CommandTargetSpec | ContainerTargetSpec

/** A module exporting `initDb(path)` (or `export`), run in a child process of its own. */
export interface ModuleTargetSpec {
  /** Path to the module (`.ts`, `.mts`, `.js`, `.mjs`), resolved from the config's folder. */
  module: string
  /** Name of the exported function. Default: `initDb`. */
  export?: string
}

/** Any executable; `{db}` in an argument is replaced by the working copy's path. Exit 0 is success. */
export interface CommandTargetSpec {
  /** The program and its arguments, e.g. `['python3', 'init_db.py', '{db}']`. */
  command: string[]
  /** Extra environment variables. Default: none. */
  env?: Record<string, string>
  /** Working directory, resolved from the config's folder. Default: the config's folder. */
  cwd?: string
}

/** A local container image; the working copy's folder is bind-mounted at `dataDir`. */
export interface ContainerTargetSpec {
  /** A local image (never pulled), e.g. `upgrade-harness/app:current`. */
  image: string
  /** The container's command; `{db}` becomes the database's path inside the container. */
  command: string[]
  /** Where the working copy's folder is mounted inside the container, e.g. `/data`. */
  dataDir: string
  /** Extra environment variables. Default: none. */
  env?: Record<string, string>
  /** A log line that means "started"; the container is then stopped. Default: wait for exit 0. */
  readyLog?: string
}

/** The outcome of one start of a target on one database file. Failures are data, not exceptions. */
export interface TargetRun {
  ok: boolean
  /** Wall-clock time from spawn to exit, in milliseconds. */
  ms: number
  /** One line saying why the start failed (the target's own error message where there is one). */
  error?: string
  exitCode: number | null
  signal: string | null
  timedOut: boolean
  /** The last part of what the target printed (kept bounded). */
  stdout: string
  stderr: string
  /**
   * Statements the target ran through better-sqlite3 (module targets started with a statement hook:
   * `countStatements`, `killAfterStatement` or `maxPageCountGrowth`). Undefined where not counted.
   */
  statements?: number
  /** Time from spawning the process to the target's function being called, in ms (module targets). */
  startCostMs?: number
  /** Wall-clock time (epoch ms, whole milliseconds) at which the target's function was called. */
  calledAt?: number
  /** What `readOnReturn` read as the function returned: its values, or why it could not be read. */
  onReturn?: OnReturn
}

/**
 * `readOnReturn`'s outcome: the query's first column, one string per row (as String() gives it), or
 * SQLite's error (a table not there yet, a lock held).
 */
export type OnReturn = { values: string[] } | { error: string }

/** Options for one start. */
export interface StartOptions {
  /** Kill the start (and its whole process group) after this long. Default: the target's timeout. */
  timeoutMs?: number
  /**
   * SIGKILL the start's process group this long after spawning, to interrupt it at a chosen moment
   * (black-box targets). The run is reported as killed, not timed out. Default: never.
   */
  killAfterMs?: number
  /** Count the better-sqlite3 statements the target runs (module targets). Default: false. */
  countStatements?: boolean
  /**
   * The child SIGKILLs itself right after the target's k-th better-sqlite3 statement has returned
   * (or thrown), 1-based. Implies `countStatements`. Module targets only. Default: never.
   */
  killAfterStatement?: number
  /**
   * Simulate a full disk: the database may grow by at most this many pages over the start, across all
   * of the target's connections (each gets `max_page_count` = the file's pages before the start plus
   * this, at its first statement, and again when the target sets a higher one). Implies `countStatements`.
   * Module targets only. Default: no cap.
   */
  maxPageCountGrowth?: number
  /**
   * Right after the target's function returns, the child reads this query's rows from the database
   * (a second connection of the better-sqlite3 the target loaded): what the start left behind it as it
   * returned, while other starts may still be at work. Module targets that load better-sqlite3 only.
   */
  readOnReturn?: string
}

/**
 * Which of the {@link StartOptions} hooks a prepared target honours. Module targets: the start line
 * always, the statement hooks when the bundle itself imports better-sqlite3. Command targets: neither.
 * Every kind honours `timeoutMs` and `killAfterMs`.
 */
export interface TargetHooks {
  /** `startMany` holds every process at a start line after loading, then releases them together. */
  startLine: boolean
  /** `countStatements`, `killAfterStatement` and `maxPageCountGrowth` take effect (better-sqlite3). */
  statements: boolean
}

/**
 * A prepared target: everything that can be done once per run (bundling a TypeScript module, checking
 * that an image exists) is done before the first start. Dispose it to remove what preparing made.
 */
export interface Target extends AsyncDisposable {
  /** How reports name it, e.g. `module:app/init-db.ts#initDb`. */
  readonly description: string
  /** Start the target on one database file and wait until it has finished or been killed. */
  start(dbPath: string, options?: StartOptions): Promise<TargetRun>
  /** What kind of target this is. Default when absent: treat it as a black box. */
  readonly kind?: 'module' | 'command' | 'container'
  /** The hooks this target honours. Default when absent: none. */
  readonly hooks?: TargetHooks
  /**
   * Start `count` processes on one database file, as nearly at once as the target allows (module
   * targets: each loads the target, waits at a start line, and all are released together). Resolves
   * with one run per process, in spawn order. Absent: use `startMany()` from `start-many.ts`.
   */
  startMany?(dbPath: string, count: number, options?: StartOptions): Promise<TargetRun[]>
}

/** What preparing a target needs to know about the run. */
export interface PrepareOptions {
  /** The folder relative paths in the spec resolve from (the config's folder). */
  rootDir: string
  /** Default time limit of one start, in milliseconds. */
  timeoutMs: number
}
