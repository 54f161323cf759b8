import { GenericContainer } from 'testcontainers'

/**
 * A GenericContainer whose bind mount goes through the engine's `Mounts` rather than testcontainers'
 * `Binds` strings (`source:target:mode`). A `Binds` source holding a colon (a TMPDIR such as
 * `/tmp/ci:1`) is an "invalid volume specification", and a `Binds` source that no longer exists is
 * created by the engine, as root: a container created just after an interrupted harness removed its
 * working copy left that folder behind. A `Mounts` source is taken whole and must exist.
 */
export class BindMountedContainer extends GenericContainer {
  /** Bind-mount the host folder `source` (absolute) read-write at `target` inside the container. */
  withFolderMount(source: string, target: string): this {
    this.hostConfig.Mounts = [
      ...(this.hostConfig.Mounts ?? []),
      { Type: 'bind', Source: source, Target: target, ReadOnly: false },
    ]
    return this
  }
}
