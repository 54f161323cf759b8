import { spawnSync } from 'node:child_process'
import os from 'node:os'
import Database from 'better-sqlite3'
import { summarize } from './stats.ts'

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
  /**
   * `node -e 0` from spawn to exit, median ms. Every target start pays it, and the environment can
   * more than double it (see {@link nodeStartEnv}), which changes every ratio between starts and the rest.
   */
  nodeStartMs: number
  /** The variables set here that change what every node process does before its first line (names only). */
  nodeStartEnv: string[]
}

/**
 * Variables read by every node process as it starts. A set NODE_EXTRA_CA_CERTS makes node 20 parse its
 * bundled root certificates and the file's before the first line runs, whether or not the process ever
 * makes a TLS connection (with OpenSSL 3 that is slow: nodejs/node#40524).
 */
const NODE_START_ENV = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'] as const

/** Which of {@link NODE_START_ENV} are set (to anything but the empty string, which node ignores). */
export function nodeStartEnvSet(): string[] {
  return NODE_START_ENV.filter((name) => process.env[name])
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
      nodeStartMs: nodeStartMs(),
      nodeStartEnv: nodeStartEnvSet(),
    }
  } finally {
    db.close()
  }
}

/** One line for the table's heading. */
export function machineLine(machine: MachineInfo): string {
  const env = machine.nodeStartEnv.length > 0 ? `, ${machine.nodeStartEnv.join(' and ')} set` : ''
  return `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryMiB} MiB, node ${machine.node} (start-up ${machine.nodeStartMs} ms${env}), SQLite ${machine.sqlite}`
}

/** Starts of `node -e 0` timed to take the median of. */
const NODE_STARTS = 9

function nodeStartMs(): number {
  const times: number[] = []
  for (let i = 0; i < NODE_STARTS; i++) {
    const started = performance.now()
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' })
    times.push(performance.now() - started)
  }
  return Math.round(summarize(times).median * 10) / 10
}
