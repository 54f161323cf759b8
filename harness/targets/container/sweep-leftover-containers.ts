import os from 'node:os'

import type Dockerode from 'dockerode'

import { HARNESS_LABEL, HARNESS_LABEL_VALUE } from './container-labels.ts'
import { removeContainer } from './remove-containers.ts'
import { processAlive } from '../process/child-registry.ts'

/** Label naming the host that started a container. */
export const OWNER_HOST_LABEL = 'upgrade-harness.host'
/** Label naming the process that started a container. */
export const OWNER_PID_LABEL = 'upgrade-harness.pid'
/** A labelled container whose owner cannot be asked (another host, no pid label) is stale after this. */
export const STALE_AFTER_MS = 60 * 60 * 1000

/** The labels that let a later sweep tell a leftover from a container another run still uses. */
export function ownerLabels(): Record<string, string> {
  return { [OWNER_HOST_LABEL]: os.hostname(), [OWNER_PID_LABEL]: String(process.pid) }
}

/**
 * Remove containers the harness left behind (a killed run cannot clean up after itself). Several runs may
 * share one engine, for instance test files running in parallel, so only containers whose owning process
 * is gone, or that are older than {@link STALE_AFTER_MS} where the owner cannot be asked, are removed.
 * Returns the ids removed.
 */
export async function sweepLeftoverContainers(docker: Dockerode, now = Date.now()): Promise<string[]> {
  const found = await docker.listContainers({
    all: true,
    filters: { label: [`${HARNESS_LABEL}=${HARNESS_LABEL_VALUE}`] },
  })
  const leftovers = found.filter((info) => isLeftover(info, now))
  await Promise.all(leftovers.map((info) => removeContainer(docker.getContainer(info.Id))))
  return leftovers.map((info) => info.Id)
}

function isLeftover(info: Dockerode.ContainerInfo, now: number): boolean {
  const pid = Number(info.Labels[OWNER_PID_LABEL])
  if (info.Labels[OWNER_HOST_LABEL] === os.hostname() && Number.isInteger(pid) && pid > 0) {
    return !processAlive(pid)
  }
  return now - info.Created * 1000 > STALE_AFTER_MS
}
