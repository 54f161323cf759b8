import { realpath } from 'node:fs/promises'

import { describe, expect, test } from 'vitest'

import { InputError } from '../../errors.ts'
import { sharedLibraries } from './shared-libraries.ts'

describe('sharedLibraries', () => {
  test('lists the C library and the loader node needs, as absolute paths', async () => {
    const libraries = await sharedLibraries([await realpath(process.execPath)])
    expect(libraries.some((library) => /\/libc\.so\.\d+$/.test(library))).toBe(true)
    expect(libraries.some((library) => /\/ld-linux[^/]*\.so\.\d+$/.test(library))).toBe(true)
    expect(libraries.every((library) => library.startsWith('/'))).toBe(true)
  })

  test('a file ldd cannot read is an InputError naming it', async () => {
    await expect(sharedLibraries(['/nonexistent/binary'])).rejects.toThrow(InputError)
  })
})
