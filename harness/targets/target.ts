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
  command: string[]
  /** Extra environment variables. Default: none. */
  env?: Record<string, string>
  /** Working directory, resolved from the config's folder. Default: the config's folder. */
  cwd?: string
}

/** A local container image; the working copy's folder is bind-mounted at `dataDir`. */
export interface ContainerTargetSpec {
  image: string
  command: string[]
  dataDir: string
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
}

/** Options for one start. */
export interface StartOptions {
  /** Kill the start (and its whole process group) after this long. Default: the target's timeout. */
  timeoutMs?: number
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
}

/** What preparing a target needs to know about the run. */
export interface PrepareOptions {
  /** The folder relative paths in the spec resolve from (the config's folder). */
  rootDir: string
  /** Default time limit of one start, in milliseconds. */
  timeoutMs: number
}
