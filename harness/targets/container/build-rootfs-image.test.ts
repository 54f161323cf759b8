import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'

import { dir } from 'tmp-promise'
import { describe, expect, test } from 'vitest'

import { buildRootfsImage } from './build-rootfs-image.ts'
import { connectContainerEngine, containerEngineStatus } from './container-engine.ts'

const engine = await containerEngineStatus()
const skip = !engine.reachable && process.env.UPGRADE_HARNESS_REQUIRE_DOCKER !== '1'
if (skip) console.warn(`buildRootfsImage tests skipped: no Docker engine: ${engine.reason}`)

/** Go's os.FileMode bits for a directory and the sticky bit, as the engine's path stat reports them. */
const GO_DIR = 2 ** 31
const GO_STICKY = 2 ** 20

describe.skipIf(skip)('buildRootfsImage', { timeout: 60_000 }, () => {
  test('/tmp and /data are writable by any uid, whatever the umask of the build', async () => {
    const docker = (await connectContainerEngine()).container.dockerode
    const folder = await dir({ unsafeCleanup: true })
    // A tag of its own: the shared images of other suites are left alone.
    const tag = `upgrade-harness/test-rootfs:${randomUUID()}`
    try {
      await writeFile(path.join(folder.path, 'hello.txt'), 'hello')
      await buildRootfsImage({
        tag,
        entries: [{ from: path.join(folder.path, 'hello.txt'), to: '/hello.txt' }],
      })
      // Created, never started: the image has no program to run, and the engine can still stat paths.
      const container = await docker.createContainer({
        Image: tag,
        Cmd: ['/none'],
        HostConfig: { NetworkMode: 'none' },
      })
      try {
        for (const folderInImage of ['/tmp', '/data']) {
          const response = (await container.infoArchive({ path: folderInImage })) as {
            headers: Record<string, string>
          }
          const stat = JSON.parse(
            Buffer.from(response.headers['x-docker-container-path-stat'] ?? '', 'base64').toString('utf8'),
          ) as { mode: number }
          expect((stat.mode - GO_DIR - GO_STICKY).toString(8), folderInImage).toBe('777')
        }
      } finally {
        await container.remove({ force: true })
      }
    } finally {
      await docker
        .getImage(tag)
        .remove()
        .catch(() => undefined)
      await folder.cleanup()
    }
  })
})
