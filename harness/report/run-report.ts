import type { GateReport } from '../checks/run-gate.ts'

/** What reporters render: a gate run's report. */
export type RunReport = GateReport
