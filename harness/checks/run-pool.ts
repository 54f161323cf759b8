/**
 * Runs `work` over `items` with at most `limit` at once; results keep the items' order. When one item's
 * work fails, no further item is started, and the promise rejects with that first error only once the
 * items already running have settled: a caller that cleans up on failure (removes the run's folders,
 * disposes its target) must not do so under work that is still using them.
 */
export async function runPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (next < items.length && !failure) {
      const index = next++
      try {
        results[index] = await work(items[index]!)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  if (failure) throw failure.error
  return results
}
