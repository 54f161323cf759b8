import { open } from 'node:fs/promises'

/** How much of each file is compared at a time. */
const CHUNK_BYTES = 1 << 20

/**
 * Whether two database files hold the same bytes, their `-wal` files included (a missing or empty
 * `-wal` counts as none). Reads both in chunks and stops at the first difference.
 */
export async function sameBytes(a: string, b: string): Promise<boolean> {
  return (await sameFile(a, b, false)) && (await sameFile(`${a}-wal`, `${b}-wal`, true))
}

async function sameFile(a: string, b: string, missingIsEmpty: boolean): Promise<boolean> {
  const [fa, fb] = await Promise.all([openOrNone(a, missingIsEmpty), openOrNone(b, missingIsEmpty)])
  try {
    const [sa, sb] = await Promise.all([fa?.stat(), fb?.stat()])
    const size = sa?.size ?? 0
    if (size !== (sb?.size ?? 0)) return false
    if (size === 0) return true
    // Only as large as needed, and not zero-filled: every byte compared is one just read.
    const chunk = Math.min(CHUNK_BYTES, size)
    const ba = Buffer.allocUnsafe(chunk)
    const bb = Buffer.allocUnsafe(chunk)
    for (let at = 0; at < size; at += chunk) {
      const [ra, rb] = await Promise.all([fa!.read(ba, 0, chunk, at), fb!.read(bb, 0, chunk, at)])
      if (ra.bytesRead !== rb.bytesRead || !ba.subarray(0, ra.bytesRead).equals(bb.subarray(0, rb.bytesRead))) return false
    }
    return true
  } finally {
    await Promise.all([fa?.close(), fb?.close()])
  }
}

async function openOrNone(file: string, missingIsEmpty: boolean) {
  try {
    return await open(file, 'r')
  } catch (error) {
    if (missingIsEmpty && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
