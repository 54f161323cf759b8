import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'

/**
 * Whether a file's text is what `sha256` recorded once its line endings are taken either way (CRLF to
 * LF, or LF to CRLF). A checkout with `core.autocrlf` rewrites every line ending of a migration that
 * nobody edited, and SQLite reads both alike. Small text files only: migrations are read whole.
 */
export async function differsOnlyInLineEndings(file: string, sha256: string): Promise<boolean> {
  const text = (await readFile(file)).toString('latin1')
  const lf = text.replaceAll('\r\n', '\n')
  return [lf, lf.replaceAll('\n', '\r\n')].some(
    (candidate) =>
      candidate !== text && createHash('sha256').update(candidate, 'latin1').digest('hex') === sha256,
  )
}
