import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

import { InputError, errorMessage } from '../../errors.ts'

const run = promisify(execFile)

/**
 * The shared libraries (and the dynamic loader) that `ldd` lists for each of `files`, as absolute host
 * paths, without duplicates. These are what a root file system needs to run the files without a base image.
 */
export async function sharedLibraries(files: readonly string[]): Promise<string[]> {
  const found = new Set<string>()
  for (const file of files) {
    let output: string
    try {
      output = (await run('ldd', [file])).stdout
    } catch (error) {
      throw new InputError(`${file}: ldd cannot list its shared libraries: ${errorMessage(error)}`, {
        cause: error,
      })
    }
    for (const line of output.split('\n')) {
      // `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)` or `/lib64/ld-linux-x86-64.so.2 (0x...)`;
      // the vdso has no file.
      const match = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line)
      if (match?.[1] !== undefined) found.add(match[1])
    }
  }
  return [...found].sort()
}
