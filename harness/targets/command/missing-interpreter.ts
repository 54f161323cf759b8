import { closeSync, openSync, readSync } from 'node:fs'
import { resolve } from 'node:path'

import { isExecutable } from './find-executable.ts'

/** How much of a script Linux reads to find its `#!` line (BINPRM_BUF_SIZE). */
const SHEBANG_BYTES = 256

/**
 * The interpreter a script's `#!` line names, as written, when it is not an executable file (relative
 * names resolve from `cwd`, as the kernel resolves them). Spawning such a script fails with ENOENT, which
 * reads as if the script itself were missing; a `#!/bin/sh` saved with Windows line endings names
 * `/bin/sh\r`. Undefined when `file` is no script, cannot be read, or its interpreter is there.
 *
 * @example missingInterpreter('/app/init.sh', '/app') // '/bin/sh\r' for a script with CRLF line endings
 */
export function missingInterpreter(file: string, cwd: string): string | undefined {
  const head = Buffer.alloc(SHEBANG_BYTES)
  let length: number
  try {
    const fd = openSync(file, 'r')
    try {
      length = readSync(fd, head, 0, SHEBANG_BYTES, 0)
    } finally {
      closeSync(fd)
    }
  } catch {
    return undefined
  }
  const text = head.subarray(0, length).toString('latin1')
  if (!text.startsWith('#!')) return undefined
  // The kernel takes the interpreter up to the first blank or newline; a carriage return is part of it.
  const interpreter = /^#![ \t]*([^ \t\n]*)/.exec(text)?.[1] ?? ''
  if (interpreter === '') return undefined
  return isExecutable(resolve(cwd, interpreter)) ? undefined : interpreter
}
