import { Writable } from 'node:stream'

/** How many characters of each stream a run keeps: enough to quote the error, bounded for long runs. */
export const LOG_KEEP_CHARS = 64 * 1024

/**
 * A bounded tail of one container output stream that can also report when a given line appears.
 * Writes never fail, so a chatty container cannot stall the engine's log stream.
 */
export class ContainerLog extends Writable {
  #text = ''
  #partial = ''
  #watchers: { line: string; resolve: () => void }[] = []

  /** Everything kept so far (the last {@link LOG_KEEP_CHARS} characters). */
  get text(): string {
    return this.#text
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    const piece = typeof chunk === 'string' ? chunk : chunk.toString('utf8')
    this.#text = (this.#text + piece).slice(-LOG_KEEP_CHARS)
    const lines = (this.#partial + piece).split('\n')
    this.#partial = (lines.pop() ?? '').slice(-LOG_KEEP_CHARS)
    for (const line of lines) this.#notify(line)
    callback()
  }

  /** Resolves when a complete line containing `line` has been written (checked from now on). */
  waitForLine(line: string): Promise<void> {
    return new Promise((resolve) => this.#watchers.push({ line, resolve }))
  }

  #notify(line: string): void {
    for (const watcher of this.#watchers) {
      if (line.includes(watcher.line)) watcher.resolve()
    }
  }
}

/**
 * The last `count` non-empty lines of `text`, joined with ` | ` into one line for a message. JavaScript
 * stack frames (`at f (file:1:2)`) are passed over when other lines remain: the error's own line is what
 * a reader needs, and a stack printed after it would otherwise push it out of the quote.
 */
export function lastLines(text: string, count: number): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
  const withoutFrames = lines.filter((line) => !/^at\s/.test(line))
  return (withoutFrames.length > 0 ? withoutFrames : lines).slice(-count).join(' | ')
}
