import type { CommandSpec } from '../command-spec.ts'
import { diffCommand } from './diff.ts'
import { inspectCommand } from './inspect.ts'
import { runCommand } from './run.ts'
import { snapshotsCaptureCommand } from './snapshots-capture.ts'
import { snapshotsRegenerateCommand } from './snapshots-regenerate.ts'
import { snapshotsVerifyCommand } from './snapshots-verify.ts'

/** Every command of the CLI, in help order. */
export const COMMANDS: readonly CommandSpec[] = [
  runCommand,
  inspectCommand,
  diffCommand,
  snapshotsVerifyCommand,
  snapshotsCaptureCommand,
  snapshotsRegenerateCommand,
]
