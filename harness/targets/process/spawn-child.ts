import { spawn } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'

import { BoundedOutput } from './bounded-output.ts'
import { CHANNEL_FD, type ChildMessage } from './child-message.ts'
import { killGroup, registerGroup, releaseGroup } from './child-registry.ts'
import { killMarked, newStartMarker, START_MARKER_VAR } from './start-marker.ts'
import { targetEnvironment } from './target-environment.ts'
import { timerDelay } from './timer-delay.ts'

/** How long to wait for a dead child's pipes to close before giving up on the rest of its output. */
const PIPE_DRAIN_MS = 1000

/** What to spawn and how to bound it. */
export interface ChildSpec {
  file: string
  args: string[]
  /** Default: the harness's working directory. */
  cwd?: string
  /** Default: the harness's environment, less what a test runner added (see targetEnvironment). */
  env?: NodeJS.ProcessEnv
  /** Open the message channel on fd 3 (module targets). Default: false. */
  channel?: boolean
  /** SIGKILL the whole process group after this long; reported as a timeout. */
  timeoutMs: number
  /** SIGKILL the whole process group after this long; reported as a kill asked for. Default: never. */
  killAfterMs?: number
  /** Called for every message on the channel, as it arrives. */
  onMessage?: (message: ChildMessage) => void
  /**
   * When the child exits, also kill the daemons it forked out of its process group (see killMarked)
   * before the start counts as over. It reads every process's environment, about 3 ms of CPU. Default:
   * false, and they are killed when the harness exits.
   */
  sweepDaemons?: boolean
}

/** How a child ended. */
export interface ChildExit {
  exitCode: number | null
  signal: string | null
  timedOut: boolean
  /** Killed because `killAfterMs` passed. */
  killed: boolean
  /** Epoch ms (sub-ms precision) just before spawning. */
  spawnedAt: number
  /** From spawn to exit. */
  ms: number
  stdout: string
  stderr: string
  messages: ChildMessage[]
  /** Why the process could not be spawned at all (ENOENT, EACCES, ...). */
  spawnError?: string
}

/** A spawned child: its exit, and the one byte that releases it from a start line. */
export interface RunningChild {
  readonly pid: number | undefined
  readonly exit: Promise<ChildExit>
  /** Write one byte to the channel: a child waiting at the start line goes. */
  release(): void
}

/** Epoch milliseconds with sub-millisecond precision, comparable across processes. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now()
}

/**
 * Spawn a child in a process group of its own and track it, so a timeout (or the harness exiting) kills
 * everything it forked too. Never throws: a child that cannot be spawned exits with `spawnError`.
 */
export function spawnChild(spec: ChildSpec): RunningChild {
  const stdout = new BoundedOutput()
  const stderr = new BoundedOutput()
  const messages: ChildMessage[] = []
  const marker = newStartMarker()
  const spawnedAt = epochNow()
  const child = spawn(spec.file, spec.args, {
    cwd: spec.cwd,
    env: { ...(spec.env ?? targetEnvironment()), [START_MARKER_VAR]: marker },
    detached: true,
    stdio: spec.channel ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'],
  })
  const pid = child.pid
  if (pid !== undefined) registerGroup(pid)
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk))
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk))
  // Out of file descriptors (EMFILE, ENFILE), Node gives up before it makes the pipes: `stdio` is not
  // even an array then, and the 'error' event that says why follows on the next tick.
  const channel = spec.channel
    ? ((child.stdio as typeof child.stdio | undefined)?.[CHANNEL_FD] as
        (Readable & Writable) | null | undefined)
    : undefined
  let pending = ''
  channel?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      const message = parseMessage(line)
      if (!message) continue
      messages.push(message)
      spec.onMessage?.(message)
    }
  })
  // A channel write to a child that has just died fails with EPIPE; the exit says what happened.
  channel?.on('error', () => {})

  let timedOut = false
  let killed = false
  const timers = [
    setTimeout(() => {
      timedOut = true
      if (pid !== undefined) killGroup(pid)
    }, timerDelay(spec.timeoutMs)),
  ]
  if (spec.killAfterMs !== undefined) {
    timers.push(
      setTimeout(() => {
        killed = true
        if (pid !== undefined) killGroup(pid)
      }, timerDelay(spec.killAfterMs)),
    )
  }

  const exit = new Promise<ChildExit>((resolve) => {
    let ended: Pick<ChildExit, 'exitCode' | 'signal' | 'spawnError'> | undefined
    let ms = 0
    let drain: NodeJS.Timeout | undefined
    const finish = (): void => {
      if (!ended) return
      clearTimeout(drain)
      resolve({
        ...ended,
        timedOut,
        killed,
        spawnedAt,
        ms,
        stdout: stdout.text(),
        stderr: stderr.text(),
        messages,
      })
    }
    child.on('error', (error) => {
      if (ended) return
      ms = epochNow() - spawnedAt
      for (const timer of timers) clearTimeout(timer)
      ended = { exitCode: null, signal: null, spawnError: error.message }
      finish()
    })
    let closed = false
    child.once('exit', (exitCode, signal) => {
      ms = epochNow() - spawnedAt
      for (const timer of timers) clearTimeout(timer)
      if (pid !== undefined) {
        // Whatever the target forked and left behind must not outlive its start.
        killGroup(pid)
        releaseGroup(pid)
      }
      // A daemon that left the group (setsid) is found by the mark in its environment, and killed before
      // the start is over: it would otherwise write on while the checks read the database.
      void (spec.sweepDaemons ? killMarked(marker) : Promise.resolve()).finally(() => {
        ended = { exitCode, signal }
        if (closed) {
          finish()
          return
        }
        // 'close' follows once the pipes are drained; a grandchild that escaped even the sweep (it
        // cleared its environment) could hold them open, so do not wait for it forever.
        drain = setTimeout(() => {
          for (const stream of child.stdio ?? []) stream?.destroy()
          finish()
        }, PIPE_DRAIN_MS)
      })
    })
    child.once('close', () => {
      closed = true
      finish()
    })
  })

  return {
    pid,
    exit,
    release: () => {
      if (channel?.writable) channel.write('g')
    },
  }
}

/** Only the runner writes the channel, but a target could too: anything else is ignored, never thrown. */
function parseMessage(line: string): ChildMessage | undefined {
  try {
    const message = JSON.parse(line) as unknown
    return typeof message === 'object' && message !== null && 't' in message
      ? (message as ChildMessage)
      : undefined
  } catch {
    return undefined
  }
}
