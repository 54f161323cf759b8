import { randomUUID } from 'node:crypto'
import path from 'node:path'

import { InputError, errorMessage } from '../../errors.ts'
import { DB_PLACEHOLDER } from '../command/command-target.ts'
import type { ContainerTargetSpec, PrepareOptions, StartOptions, Target, TargetRun } from '../target.ts'
import { connectContainerEngine } from './container-engine.ts'
import { HARNESS_LABEL } from './container-labels.ts'
import { removeLabelledContainers } from './remove-containers.ts'
import { removeContainersOnExit } from './remove-on-exit.ts'
import { runContainer } from './run-container.ts'
import { ownerLabels, sweepLeftoverContainers } from './sweep-leftover-containers.ts'

/** Label naming the prepared target a container belongs to, so disposing the target removes its own. */
export const TARGET_ID_LABEL = `${HARNESS_LABEL}.target`

/**
 * Prepare a container target: connect to the engine, check that the image exists locally (it is never
 * pulled), and sweep containers earlier runs left behind. Each `start(dbPath)` then runs the image with
 * network mode `none`, the database file's folder bind-mounted at `spec.dataDir` and `{db}` in the command
 * replaced by the file's path inside; success is exit 0, or the `readyLog` line (the container is then
 * stopped). The container runs as the harness's own uid:gid, so the files it writes into the working copy
 * stay readable and removable by the harness. Its containers are removed when it is disposed, and also
 * when the harness exits or is interrupted first. Throws InputError when `dataDir` is not an absolute
 * folder, no argument of the command holds `{db}`, no engine answers, or the image is missing or
 * misnamed; `start` never throws for a failing container.
 *
 * @example
 * await using target = await prepareContainerTarget(
 *   { image: 'upgrade-harness/app:current', command: ['node', '/app/start.js', '--init-only', '{db}'], dataDir: '/data' },
 *   { rootDir: process.cwd(), timeoutMs: 30_000 },
 * )
 * const run = await target.start('/path/to/copy/db.sqlite')
 */
export async function prepareContainerTarget(
  spec: ContainerTargetSpec,
  options: PrepareOptions,
): Promise<Target> {
  // The engine refuses such a mount only when a container is created: every start would then fail as
  // if the app had, instead of the config being refused once.
  const dataDir = path.posix.normalize(spec.dataDir)
  if (!path.posix.isAbsolute(dataDir) || dataDir === '/') {
    throw new InputError(
      `container:${spec.image}: dataDir "${spec.dataDir}" must be an absolute folder inside the container, other than "/" (e.g. "/data")`,
    )
  }
  // As for a command target: without {db} the container could only ever open some other database.
  if (!spec.command.some((arg) => arg.includes(DB_PLACEHOLDER))) {
    throw new InputError(
      `container:${spec.image}: no argument of the command holds ${DB_PLACEHOLDER}, the database file to open`,
    )
  }
  const client = await connectContainerEngine()
  const docker = client.container.dockerode
  await requireLocalImage(docker, spec.image)
  await sweepLeftoverContainers(docker)
  const targetId = randomUUID()
  const labels = { ...ownerLabels(), [TARGET_ID_LABEL]: targetId }
  const releaseOnExit = removeContainersOnExit(TARGET_ID_LABEL, targetId)
  const user =
    process.getuid !== undefined && process.getgid !== undefined
      ? `${process.getuid()}:${process.getgid()}`
      : undefined
  return {
    kind: 'container',
    description: `container:${spec.image}`,
    start(dbPath: string, startOptions?: StartOptions): Promise<TargetRun> {
      const timeoutMs = startOptions?.timeoutMs ?? options.timeoutMs
      const killAfterMs = startOptions?.killAfterMs
      return runContainer(client, {
        spec,
        dbPath,
        timeoutMs,
        labels,
        user,
        ...(killAfterMs !== undefined && { killAfterMs }),
      })
    },
    async [Symbol.asyncDispose]() {
      await removeLabelledContainers(docker, TARGET_ID_LABEL, targetId)
      releaseOnExit()
    },
  }
}

async function requireLocalImage(docker: import('dockerode'), image: string): Promise<void> {
  try {
    await docker.getImage(image).inspect()
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      throw new InputError(`image "${image}" not found locally (build it with npm run images)`, {
        cause: error,
      })
    }
    // The engine answered when connecting: a 400 here is a malformed image name, not a missing engine.
    throw new InputError(`image "${image}" cannot be looked up in the engine: ${errorMessage(error)}`, {
      cause: error,
    })
  }
}
