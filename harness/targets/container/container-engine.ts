import { getContainerRuntimeClient, type ContainerRuntimeClient } from 'testcontainers'

import { InputError, errorMessage } from '../../errors.ts'

/**
 * Environment defaults testcontainers needs on engines without a bridge network: Ryuk (its reaper) would
 * need a network to reach, and the engine's host is the local socket. Users elsewhere keep their own
 * settings, so a variable that is already set is left alone.
 */
export const TESTCONTAINERS_ENV_DEFAULTS: Readonly<Record<string, string>> = {
  TESTCONTAINERS_RYUK_DISABLED: 'true',
  TESTCONTAINERS_HOST_OVERRIDE: 'localhost',
}

/** Set each of {@link TESTCONTAINERS_ENV_DEFAULTS} in `process.env` unless it is already set. */
export function applyTestcontainersDefaults(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(TESTCONTAINERS_ENV_DEFAULTS)) {
    if (env[name] === undefined) env[name] = value
  }
}

/**
 * Connect to the Docker engine testcontainers finds (DOCKER_HOST, the local socket, ...).
 * `connect` is testcontainers' discovery unless a test passes its own.
 * Throws InputError `no Docker engine reachable ...` when none answers, so a missing engine reads as
 * one line rather than a stack of strategy errors.
 */
export async function connectContainerEngine(
  connect: () => Promise<ContainerRuntimeClient> = getContainerRuntimeClient,
): Promise<ContainerRuntimeClient> {
  applyTestcontainersDefaults()
  try {
    return await connect()
  } catch (error) {
    throw new InputError(
      `no Docker engine reachable (set DOCKER_HOST or start dockerd): ${errorMessage(error)}`,
      {
        cause: error,
      },
    )
  }
}

/** Whether a Docker engine answers; never throws. For suites that skip, saying why, without one. */
export async function containerEngineStatus(): Promise<
  { reachable: true } | { reachable: false; reason: string }
> {
  try {
    const client = await connectContainerEngine()
    await client.container.dockerode.ping()
    return { reachable: true }
  } catch (error) {
    return { reachable: false, reason: errorMessage(error) }
  }
}
