import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import os from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'

import type { ContainerRuntimeClient, StartedTestContainer } from 'testcontainers'

import { errorMessage } from '../../errors.ts'
import { DB_PLACEHOLDER } from '../command/command-target.ts'
import type { ContainerTargetSpec, TargetRun } from '../target.ts'
import { BindMountedContainer } from './bind-mounted-container.ts'
import { HARNESS_LABEL, HARNESS_LABEL_VALUE, RUN_ID_LABEL } from './container-labels.ts'
import { ContainerLog, lastLines } from './container-log.ts'
import { NoWaitStrategy } from './no-wait-strategy.ts'
import { removeLabelledContainers } from './remove-containers.ts'
import { timerDelay } from '../process/timer-delay.ts'

/** Seconds a ready container gets to stop after SIGTERM before the engine kills it. */
export const STOP_GRACE_SECONDS = 5
/** How long to wait, after the exit, for the log stream to deliver its last bytes. */
export const LOG_DRAIN_MS = 2_000
/** Lines of the container's log quoted in a failure's message. */
export const QUOTED_LINES = 3

/** One start of an image on one database file. */
export interface ContainerRunRequest {
  spec: ContainerTargetSpec
  dbPath: string
  timeoutMs: number
  /** Labels added to the container besides the harness's and the run's own. */
  labels: Record<string, string>
  /** `uid:gid` the container runs as, or undefined for the image's own user. */
  user: string | undefined
  /** Kill the container this long after the start began, to interrupt it on purpose. Default: never. */
  killAfterMs?: number
}

type Outcome = { kind: 'exited'; code: number } | { kind: 'ready' } | { kind: 'timeout' } | { kind: 'killed' }

/**
 * Start the image on the database file's folder, wait for its exit (or its ready line) through the engine,
 * and remove the container whatever happened. Never throws for a failing container: the failure is data.
 */
export async function runContainer(
  client: ContainerRuntimeClient,
  request: ContainerRunRequest,
): Promise<TargetRun> {
  const { spec, timeoutMs } = request
  const runId = randomUUID()
  const stdout = new ContainerLog()
  const stderr = new ContainerLog()
  const began = performance.now()
  const timeout = new AbortController()
  const timer = setTimeout(() => timeout.abort(), timerDelay(timeoutMs))
  const timedOut = once(timeout.signal, 'abort').then((): Outcome => ({ kind: 'timeout' }))
  // An interruption asked for: the container is removed by force (SIGKILL) below, as at a timeout.
  const kill = new AbortController()
  const killTimer =
    request.killAfterMs === undefined
      ? undefined
      : setTimeout(() => kill.abort(), timerDelay(request.killAfterMs))
  const killed = once(kill.signal, 'abort').then((): Outcome => ({ kind: 'killed' }))
  const stopped = Promise.race([timedOut, killed])
  const starting = buildContainer(request, runId).start()
  let outcome: Outcome | undefined
  let error: string | undefined
  try {
    const started = await Promise.race([starting, stopped])
    if ('getId' in started)
      outcome = await Promise.race([watch(client, started, spec, stdout, stderr), stopped])
    else outcome = started
  } catch (caught) {
    error = `container did not start: ${errorMessage(caught)}`
  } finally {
    clearTimeout(timer)
    clearTimeout(killTimer)
    // A start still under way when the time ran out creates its container later: let it, then remove it.
    await starting.catch(() => undefined)
    await removeLabelledContainers(client.container.dockerode, RUN_ID_LABEL, runId).catch(() => undefined)
  }
  const ms = performance.now() - began
  const base = { ms, stdout: stdout.text, stderr: stderr.text }
  const quoted = lastLines(stderr.text, QUOTED_LINES) || lastLines(stdout.text, QUOTED_LINES)
  const quote = quoted === '' ? '' : `: ${quoted}`
  if (outcome === undefined) {
    return { ...base, ok: false, error, exitCode: null, signal: null, timedOut: false }
  }
  if (outcome.kind === 'ready') return { ...base, ok: true, exitCode: null, signal: null, timedOut: false }
  if (outcome.kind === 'killed') {
    const message = `killed after ${request.killAfterMs} ms (as asked)`
    return { ...base, ok: false, error: message, exitCode: null, signal: 'SIGKILL', timedOut: false }
  }
  if (outcome.kind === 'timeout') {
    const message = `container ${spec.image} timed out after ${timeoutMs} ms${quote}`
    return { ...base, ok: false, error: message, exitCode: null, signal: 'SIGKILL', timedOut: true }
  }
  if (outcome.code === 0 && spec.readyLog === undefined) {
    return { ...base, ok: true, exitCode: 0, signal: null, timedOut: false }
  }
  const code = `${outcome.code}${signalNote(outcome.code)}`
  const why =
    spec.readyLog === undefined
      ? `exited with code ${code}`
      : `exited with code ${code} before logging "${spec.readyLog}"`
  return {
    ...base,
    ok: false,
    error: `container ${spec.image} ${why}${quote}`,
    exitCode: outcome.code,
    signal: null,
    timedOut: false,
  }
}

/**
 * What an exit code above 128 says: the engine reports a container whose process a signal ended (the
 * out-of-memory killer, `docker kill`) as 128 + the signal's number, and a shell reports a child so ended
 * the same way. A process may also exit with such a code itself, so the note says what it means, not
 * what happened.
 */
function signalNote(code: number): string {
  const signal = Object.entries(os.constants.signals).find(([, number]) => code === 128 + number)?.[0]
  return signal === undefined ? '' : ` (128 + ${code - 128}: what a process ended by ${signal} gives)`
}

function buildContainer(request: ContainerRunRequest, runId: string): BindMountedContainer {
  const { spec, dbPath } = request
  const inside = path.posix.join(spec.dataDir, path.basename(dbPath))
  let container = new BindMountedContainer(spec.image)
    // No network at all: a start-up path needs none, and nothing may reach a private range from here.
    .withNetworkMode('none')
    .withFolderMount(path.dirname(path.resolve(dbPath)), spec.dataDir)
    .withCommand(spec.command.map((arg) => arg.replaceAll(DB_PLACEHOLDER, inside)))
    .withEnvironment(spec.env ?? {})
    .withLabels({ ...request.labels, [HARNESS_LABEL]: HARNESS_LABEL_VALUE, [RUN_ID_LABEL]: runId })
    .withWaitStrategy(new NoWaitStrategy())
  if (request.user !== undefined) container = container.withUser(request.user)
  return container
}

/** Follow the log and wait for the exit (or the ready line, then stop the container). */
async function watch(
  client: ContainerRuntimeClient,
  started: StartedTestContainer,
  spec: ContainerTargetSpec,
  stdout: ContainerLog,
  stderr: ContainerLog,
): Promise<Outcome> {
  const docker = client.container.dockerode
  const container = docker.getContainer(started.getId())
  // With follow the engine streams until the container exits; the stream is a Node Readable.
  const logStream = (await container.logs({
    follow: true,
    stdout: true,
    stderr: true,
  })) as unknown as Readable
  docker.modem.demuxStream(logStream, stdout, stderr)
  const logEnded = once(logStream, 'end').catch(() => undefined)
  const exited = container.wait().then((result: { StatusCode: number }): Outcome => {
    return { kind: 'exited', code: result.StatusCode }
  })
  const ready =
    spec.readyLog === undefined
      ? new Promise<never>(() => undefined)
      : Promise.race([stdout.waitForLine(spec.readyLog), stderr.waitForLine(spec.readyLog)]).then(
          (): Outcome => ({ kind: 'ready' }),
        )
  const outcome = await Promise.race([exited, ready])
  if (outcome.kind === 'ready') await container.stop({ t: STOP_GRACE_SECONDS }).catch(() => undefined)
  await Promise.race([logEnded, sleep(LOG_DRAIN_MS)])
  logStream.destroy()
  return outcome
}
