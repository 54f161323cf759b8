// Run by the size bench in a process of its own: `node --import tsx data-preserved-child.ts CONFIG
// ORIGINAL UPGRADED`. Runs the data-preserved check once and prints its peak memory as one JSON line.
import { dataPreservedCheck } from '../harness/checks/data-preserved.ts'
import type { CheckContext } from '../harness/checks/types.ts'
import { loadConfig } from '../harness/config/load-config.ts'

/** What the child prints. */
export interface DataPreservedMemory {
  status: string
  message: string
  /** Resident memory just before the check: the loaded harness, before any row is compared. */
  baselineRssMiB: number
  /** Peak resident memory of the whole process (`process.resourceUsage().maxRSS`). */
  maxRssMiB: number
  ms: number
}

const [configFile, original, upgraded] = process.argv.slice(2)
if (configFile && original && upgraded) {
  const config = await loadConfig(configFile)
  const baselineRssMiB = process.memoryUsage.rss() / 2 ** 20
  const started = performance.now()
  // The check reads only these fields of its context.
  const context = { config, original: { dbPath: original }, upgraded: { dbPath: upgraded } } as CheckContext
  const outcome = await dataPreservedCheck.run(context)
  const result: DataPreservedMemory = {
    status: outcome.status,
    message: outcome.message,
    baselineRssMiB,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    ms: performance.now() - started,
  }
  console.log(JSON.stringify(result))
}
