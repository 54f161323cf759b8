import os from 'node:os'
import Database from 'better-sqlite3'

/** The machine a benchmark ran on: figures mean little without it. */
export interface MachineInfo {
  cpuModel: string
  cores: number
  memoryMiB: number
  platform: string
  node: string
  sqlite: string
  /** 1, 5 and 15 minute load averages when the run started (a busy shared machine shows here). */
  loadAverageAtStart: number[]
}

/** Describes this machine now. */
export function describeMachine(): MachineInfo {
  const db = new Database(':memory:')
  try {
    return {
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      cores: os.availableParallelism(),
      memoryMiB: Math.round(os.totalmem() / 2 ** 20),
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      node: process.version,
      sqlite: String(db.prepare('SELECT sqlite_version()').pluck().get()),
      loadAverageAtStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
    }
  } finally {
    db.close()
  }
}
