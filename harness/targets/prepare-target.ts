import { InputError, errorMessage } from '../errors.ts'
import { prepareCommandTarget } from './command/command-target.ts'
import { prepareModuleTarget } from './module/module-target.ts'
import type { ContainerTargetSpec, PrepareOptions, Target, TargetSpec } from './target.ts'

/** The container target's module, loaded only when a container target is asked for. */
interface ContainerTargetModule {
  prepareContainerTarget(spec: ContainerTargetSpec, options: PrepareOptions): Promise<Target>
}

/** Kept in a variable so that neither the type checker nor a bundler pulls the container code in early. */
const CONTAINER_MODULE = './container/prepare-container-target.ts'

/**
 * Prepare the target a spec describes: a module (bundled once), a command, or a container image (its
 * code, and testcontainers with it, is loaded only here, so a machine without Docker pays nothing for
 * it). Throws InputError when the target cannot be used; dispose the result when the run ends.
 */
export async function prepareTarget(spec: TargetSpec, options: PrepareOptions): Promise<Target> {
  if ('image' in spec) {
    let container: ContainerTargetModule
    try {
      container = (await import(CONTAINER_MODULE)) as ContainerTargetModule
    } catch (error) {
      throw new InputError(
        `container:${spec.image}: container targets are not available (${errorMessage(error)})`,
        {
          cause: error,
        },
      )
    }
    return container.prepareContainerTarget(spec, options)
  }
  if ('module' in spec) return prepareModuleTarget(spec, options)
  return prepareCommandTarget(spec, options)
}
