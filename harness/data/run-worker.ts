import { Worker } from 'node:worker_threads'

/**
 * Runs a JavaScript file on a worker thread with `workerData`, and resolves with the first message it
 * posts (rejects with its error). The worker is ended either way.
 */
export async function runWorker<T>(file: string | URL, workerData: unknown): Promise<T> {
  const worker = new Worker(file, { workerData })
  try {
    return await new Promise<T>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
  } finally {
    await worker.terminate()
  }
}
