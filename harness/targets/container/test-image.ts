import { buildNodeImage } from './node-image.ts'

/** A node-only image the container target's own tests run scripts in (`node -e ...`). */
export const TEST_NODE_IMAGE = 'upgrade-harness/test-node:latest'

/** Build {@link TEST_NODE_IMAGE}, or keep it when its inputs are unchanged. */
export async function buildTestNodeImage(): Promise<void> {
  await buildNodeImage({ tag: TEST_NODE_IMAGE })
}
