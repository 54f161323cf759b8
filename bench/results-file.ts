import { fileURLToPath } from 'node:url'
import type { MachineInfo } from './machine.ts'
import type { Measurement } from './measurement.ts'

/** The file the latest figures are written to (committed; the READMEs quote it). */
export const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url))

/** The groups, in the order they run (and are shown). */
export const GROUPS = ['overhead', 'releases', 'size', 'start-cost', 'inspect', 'container'] as const
export type Group = (typeof GROUPS)[number]

/** What results.json holds: per group, the machine and mode it last ran with, and its measurements. */
export interface BenchResults {
  groups: Partial<Record<Group, GroupResult>>
}

/** One group's latest run. */
export interface GroupResult {
  ranAt: string
  quick: boolean
  machine: MachineInfo
  ms: number
  measurements: Measurement[]
}
