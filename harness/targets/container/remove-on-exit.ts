import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'

import { registerExitHook, releaseExitHook } from '../process/child-registry.ts'

/**
 * What the detached remover runs: testcontainers finds the engine as the harness did (the environment is
 * inherited), then every container carrying the label is removed by force.
 */
const REMOVER = `
const [entry, label] = process.argv.slice(1)
require(entry).getContainerRuntimeClient().then(async ({ container }) => {
  const docker = container.dockerode
  const found = await docker.listContainers({ all: true, filters: { label: [label] } })
  await Promise.all(found.map((info) => docker.getContainer(info.Id).remove({ force: true, v: true }).catch(() => {})))
}).catch(() => {})
`

/**
 * Remove the containers labelled `label=value` if the harness exits or is interrupted before the
 * returned function is called. A signal leaves no time for the engine's answers, so a detached process
 * does the removal after the harness is gone; without it a container would run on (a hung upgrade, a
 * server) until a later run's sweep.
 */
export function removeContainersOnExit(label: string, value: string): () => void {
  const entry = createRequire(import.meta.url).resolve('testcontainers')
  const hook = (): void => {
    try {
      const remover = spawn(process.execPath, ['-e', REMOVER, entry, `${label}=${value}`], {
        detached: true,
        stdio: 'ignore',
      })
      remover.on('error', () => undefined)
      remover.unref()
    } catch {
      // Exiting anyway: the next run's sweep removes what is left.
    }
  }
  registerExitHook(hook)
  return () => releaseExitHook(hook)
}
