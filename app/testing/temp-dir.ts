import { dir } from 'tmp-promise'
import { join } from 'node:path'

/** A temporary folder that removes itself, with everything in it, when disposed. */
export interface TempDir extends AsyncDisposable {
  readonly path: string
  /** A path inside the folder. */
  file(name: string): string
}

/** Creates a temporary folder for one test: `await using tmp = await tempDir()`. */
export async function tempDir(): Promise<TempDir> {
  const created = await dir({ unsafeCleanup: true, prefix: 'app-test-' })
  return {
    path: created.path,
    file: (name) => join(created.path, name),
    [Symbol.asyncDispose]: () => created.cleanup(),
  }
}
