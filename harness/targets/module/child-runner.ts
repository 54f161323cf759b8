// The entry of a module target's child process, bundled to plain JS next to the target at prepare time.
// It imports nothing but Node built-ins, so the child loads only what the target itself needs.
import { readSync, writeSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

import { CHANNEL_FD, type ChildMessage } from '../process/child-message.ts'
import type { ChildSettings } from './child-settings.ts'
import { installStatementHooks, type StatementCounter } from './statement-hooks.ts'
import { readOnReturn } from './read-on-return.ts'
import { openWriteTransaction } from './write-lock-probe.ts'

function send(message: ChildMessage): void {
  writeSync(CHANNEL_FD, JSON.stringify(message) + '\n')
}

function oneLine(error: unknown): string {
  if (!(error instanceof Error)) {
    // Some libraries throw plain objects; their message is still the best line there is, else the
    // object as JSON (String() gives `[object Object]`, and throws for one without a prototype).
    const message = (error as { message?: unknown } | null)?.message
    return `thrown: ${typeof message === 'string' ? message : describeThrown(error)}`.replace(
      /\s*\n\s*/g,
      ' ',
    )
  }
  const name = typeof error.name === 'string' && error.name ? error.name : error.constructor.name
  const message = String(error.message)
    .replace(/\s*\n\s*/g, ' ')
    .trim()
  return message ? `${name}: ${message}` : name
}

function describeThrown(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value)
  try {
    return JSON.stringify(value) ?? Object.prototype.toString.call(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

/**
 * The standard output streams the target has touched. Node makes `process.stdout` and `process.stderr`
 * on first use, and making them costs a start about two milliseconds: a target that never prints
 * should not pay for flushing streams it never had.
 */
function watchOutputStreams(): () => NodeJS.WriteStream[] {
  const touched = new Set<NodeJS.WriteStream>()
  for (const name of ['stdout', 'stderr'] as const) {
    const own = Object.getOwnPropertyDescriptor(process, name)
    const get = own?.get
    if (!own?.configurable || !get) {
      touched.add(process[name])
      continue
    }
    Object.defineProperty(process, name, {
      ...own,
      get() {
        const stream = get.call(process) as NodeJS.WriteStream
        touched.add(stream)
        return stream
      },
    })
  }
  return () => [...touched]
}

const touchedStreams = watchOutputStreams()

/**
 * Exit once what the target wrote to stdout and stderr has reached the pipes: writes to a pipe are
 * asynchronous, and `process.exit` would drop the tail, which is the part an error message quotes.
 */
async function exitWhenFlushed(code: number): Promise<never> {
  const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((done) => stream.write('', () => done()))
  await Promise.all(touchedStreams().map(flushed))
  process.exit(code)
}

/** How often the child looks whether the harness that started it is still there. */
const ORPHAN_POLL_MS = 250

/**
 * End this start, with everything it forked, once the harness is gone. The harness kills a start at its
 * timeout, but a harness killed outright (SIGKILL, the OOM killer) takes that timer with it, and its exit
 * hooks never run: a target that never returns ran on for good, in a process group nobody would kill.
 * Orphaned, the child is adopted by another process, so its parent pid changes. Unref'd: it keeps no
 * start alive, and costs a start nothing. A timer on the main thread: a target blocked in a synchronous
 * call is ended only once that call returns (a watch on a thread of its own cost about 10 % of a start).
 */
function endWhenOrphaned(): void {
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid === parent) return
    try {
      // The child leads a process group of its own (the harness spawns it detached).
      process.kill(-process.pid, 'SIGKILL')
    } catch {
      process.kill(process.pid, 'SIGKILL')
    }
  }, ORPHAN_POLL_MS).unref()
}

async function main(): Promise<void> {
  endWhenOrphaned()
  const [targetFile, exportName, dbPath, settingsJson] = process.argv.slice(2)
  if (!targetFile || !exportName || !dbPath || !settingsJson)
    throw new Error('child runner: missing arguments')
  const settings = JSON.parse(settingsJson) as ChildSettings
  let counter: StatementCounter | undefined
  const statements = (): { statements?: number } => (counter ? { statements: counter.count() } : {})
  try {
    if (settings.statements)
      counter = installStatementHooks(targetFile, settings, (statements) =>
        send({ t: 'killing', statements }),
      )
    const target = (await import(pathToFileURL(targetFile).href)) as Record<string, unknown>
    const initDb = target[exportName]
    if (typeof initDb !== 'function') throw new TypeError(`export "${exportName}" is not a function`)
    if (settings.startLine) {
      send({ t: 'ready' })
      // Block until the parent releases every child at once; zero bytes means the parent is gone.
      if (readSync(CHANNEL_FD, Buffer.alloc(1)) === 0) process.exit(1)
    }
    // Date.now(), not performance: the first use of \`performance\` loads perf_hooks, about half a
    // millisecond of every start, for a precision that a start cost of tens of milliseconds does not need.
    send({ t: 'called', at: Date.now() })
    await (initDb as (path: string) => unknown)(dbPath)
  } catch (error) {
    send({ t: 'error', error: oneLine(error), ...statements() })
    return exitWhenFlushed(1)
  }
  const leftOpen = settings.probeWriteLock ? openWriteTransaction(targetFile, dbPath) : undefined
  if (leftOpen) {
    send({ t: 'error', error: leftOpen })
    return exitWhenFlushed(1)
  }
  // Before anything else: another start may be about to finish the upgrade this one returned before.
  const onReturn = settings.readOnReturn ? readOnReturn(targetFile, dbPath, settings.readOnReturn) : undefined
  send({ t: 'done', ...statements(), ...(onReturn && { onReturn }) })
  // Exit now: a timer or handle the target left open must not keep its start alive.
  return exitWhenFlushed(0)
}

void main()
