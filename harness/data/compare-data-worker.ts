// The entry of the worker thread that compares a large database's data off the gate's main thread.
// Bundled to plain JavaScript by compare-data-off-thread.ts: a worker cannot load TypeScript by itself.
import { parentPort, workerData } from 'node:worker_threads'
import { compareData } from './compare-data.ts'
import type { DataCompareOptions } from './types.ts'

const { before, after, options } = workerData as {
  before: string
  after: string
  options: DataCompareOptions
}
parentPort?.postMessage(compareData(before, after, options))
