/**
 * Runs `work` (the suite's gate) so that a fork worker whose parent went away ends, instead of running the
 * gate on, unseen, until timeoutMs. vitest's main process ended by a signal sent to it alone (a `kill` of
 * its pid, a CI runner's cancel) exits without stopping its fork workers; the IPC channel closing is all
 * a worker sees. It then sends itself SIGTERM, whose handler (targets/process/child-registry.ts) kills the
 * target processes and removes the temporary folders, as for a Ctrl-C. vitest never closes the channel
 * of a worker it still uses, so the listener is live only while the gate runs.
 *
 * @example reports = await endWithParent(() => runGate(config, options))
 */
export async function endWithParent<T>(work: () => Promise<T>): Promise<T> {
  // Not a forked worker (the threads pool, a plain node process): there is no channel to watch, and a
  // worker thread ends with its process anyway.
  if (!process.connected) return work()
  const orphaned = (): void => {
    process.kill(process.pid, 'SIGTERM')
  }
  process.once('disconnect', orphaned)
  try {
    return await work()
  } finally {
    process.off('disconnect', orphaned)
  }
}
