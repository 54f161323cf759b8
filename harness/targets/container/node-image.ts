import { realpath } from 'node:fs/promises'

import { buildRootfsImage, type BuiltImage, type RootfsEntry } from './build-rootfs-image.ts'
import { sharedLibraries } from './shared-libraries.ts'

/** Where node lives in the images built here. */
export const IMAGE_NODE_PATH = '/usr/local/bin/node'

/** What {@link buildNodeImage} adds to node. */
export interface BuildNodeImageOptions {
  /** Image name and tag. */
  tag: string
  /** Further files and folders (an app, its native modules). Default: none. */
  entries?: RootfsEntry[]
  /** Native addons (`.node` files) among the entries whose shared libraries the image needs. Default: none. */
  nativeAddons?: string[]
  /** Extra image labels. Default: none. */
  labels?: Record<string, string>
  /** Progress lines. Default: discarded. */
  log?: (line: string) => void
}

/**
 * Build an image holding the node binary running this process, the shared libraries `ldd` lists for it
 * and for the given native addons, and the given entries: enough to run a node app with no base image.
 */
export async function buildNodeImage(options: BuildNodeImageOptions): Promise<BuiltImage> {
  const node = await realpath(process.execPath)
  const libraries = await sharedLibraries([node, ...(options.nativeAddons ?? [])])
  return buildRootfsImage({
    tag: options.tag,
    entries: [
      { from: node, to: IMAGE_NODE_PATH },
      ...libraries.map((library) => ({ from: library, to: library })),
      ...(options.entries ?? []),
    ],
    labels: options.labels,
    log: options.log,
  })
}
