import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'

import { InputError } from '../../errors.ts'
import { describeTarget } from '../describe-target.ts'
import { toTargetRun } from '../process/describe-exit.ts'
import { spawnChild } from '../process/spawn-child.ts'
import { targetEnvironment } from '../process/target-environment.ts'
import type { CommandTargetSpec, PrepareOptions, StartOptions, Target, TargetRun } from '../target.ts'
import { findExecutable } from './find-executable.ts'
import { missingInterpreter } from './missing-interpreter.ts'

/** The placeholder replaced by the database file's absolute path in every argument. */
export const DB_PLACEHOLDER = '{db}'

/**
 * Prepare a command target: any executable, started as `command[0] command[1..]` with `{db}` replaced by
 * the database file's absolute path, in `cwd` (default: the config's folder) with the harness's
 * environment (less what a test runner added: see targetEnvironment) plus `env`. Exit status 0 is
 * success; otherwise the run's error quotes the last line the command printed (stderr first). At the
 * timeout its whole process group is killed. Only the timeout and `killAfterMs` hooks apply: a black
 * box cannot be held at a start line or have its statements counted.
 * Throws InputError when the executable, the interpreter its `#!` line names, or the working directory
 * does not exist, or no argument holds `{db}` (the command could only ever open some other database).
 */
export async function prepareCommandTarget(
  spec: CommandTargetSpec,
  options: PrepareOptions,
): Promise<Target> {
  const [executable, ...args] = spec.command
  const description = describeTarget(spec, options.rootDir)
  if (!executable) throw new InputError(`${description}: the command is empty`)
  const cwd = resolve(options.rootDir, spec.cwd ?? '.')
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
    throw new InputError(`${description}: working directory ${cwd} not found`)
  }
  const env = { ...targetEnvironment(), ...spec.env }
  const file = findExecutable(executable, cwd, env.PATH)
  if (!file) {
    throw new InputError(`${description}: "${executable}" is not an executable file or on the PATH`)
  }
  // Spawned, such a script fails with ENOENT at every start, as if the script itself were missing.
  const interpreter = missingInterpreter(file, cwd)
  if (interpreter !== undefined) {
    const crlf = interpreter.endsWith('\r') ? ' (the script has Windows line endings)' : ''
    throw new InputError(
      `${description}: "${executable}" names the interpreter ${JSON.stringify(interpreter)} on its #! line, ` +
        `which is not an executable file${crlf}`,
    )
  }
  if (!args.some((arg) => arg.includes(DB_PLACEHOLDER))) {
    throw new InputError(`${description}: no argument holds ${DB_PLACEHOLDER}, the database file to open`)
  }

  const start = (dbPath: string, startOptions: StartOptions = {}): Promise<TargetRun> => {
    const timeoutMs = startOptions.timeoutMs ?? options.timeoutMs
    const db = resolve(dbPath)
    const child = spawnChild({
      file: executable,
      args: args.map((arg) => arg.replaceAll(DB_PLACEHOLDER, db)),
      cwd,
      env,
      timeoutMs,
      // Programs of any kind daemonize (a server started by a start-up script); a start of a few hundred
      // milliseconds does not feel the sweep. A module target's daemons are killed at the harness's exit.
      sweepDaemons: true,
      ...(startOptions.killAfterMs === undefined ? {} : { killAfterMs: startOptions.killAfterMs }),
    })
    return child.exit.then((exit) => toTargetRun(exit, timeoutMs))
  }

  return {
    description,
    kind: 'command',
    hooks: { startLine: false, statements: false },
    start,
    // Without a start line, overlapping starts are the best a black box allows: spawn them all at once.
    startMany: (dbPath, count, startOptions) =>
      Promise.all(Array.from({ length: count }, () => start(dbPath, startOptions))),
    [Symbol.asyncDispose]: async () => {},
  }
}
