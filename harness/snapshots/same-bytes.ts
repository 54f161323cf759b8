import { readFileSync, statSync } from 'node:fs'
import { open } from 'node:fs/promises'

/** How much of each file is compared at a time. */
const CHUNK_BYTES = 1 << 20
/** Files up to this size are read whole, synchronously: cheaper than a round of reads on the thread pool. */
const WHOLE_FILE_BYTES = 8 * CHUNK_BYTES

/**
 * Whether two database files hold the same bytes, their `-wal` files included (a missing or empty
 * `-wal` counts as none). Reads both in chunks and stops at the first difference.
 */
export async function sameBytes(a: string, b: string): Promise<boolean> {
  return (await sameFile(a, b, false)) && (await sameFile(`${a}-wal`, `${b}-wal`, true))
}

async function sameFile(a: string, b: string, missingIsEmpty: boolean): Promise<boolean> {
  const size = (file: string): number =>
    (missingIsEmpty ? statSync(file, { throwIfNoEntry: false }) : statSync(file))?.size ?? 0
  const sizeA = size(a)
  if (sizeA !== size(b)) return false
  if (sizeA === 0) return true
  if (sizeA <= WHOLE_FILE_BYTES) return readFileSync(a).equals(readFileSync(b))
  const [fa, fb] = await Promise.all([open(a, 'r'), open(b, 'r')])
  try {
    const ba = Buffer.allocUnsafe(CHUNK_BYTES)
    const bb = Buffer.allocUnsafe(CHUNK_BYTES)
    for (let at = 0; at < sizeA; at += CHUNK_BYTES) {
      const [ra, rb] = await Promise.all([fa.read(ba, 0, CHUNK_BYTES, at), fb.read(bb, 0, CHUNK_BYTES, at)])
      if (ra.bytesRead !== rb.bytesRead || !ba.subarray(0, ra.bytesRead).equals(bb.subarray(0, rb.bytesRead)))
        return false
    }
    return true
  } finally {
    await Promise.all([fa.close(), fb.close()])
  }
}
