/** How many bytes of each output stream a run keeps: enough to quote an error, bounded for chatty targets. */
export const OUTPUT_KEEP_BYTES = 64 * 1024

/** The last {@link OUTPUT_KEEP_BYTES} (or `limit`) bytes written to a stream. */
export class BoundedOutput {
  readonly #limit: number
  #chunks: Buffer[] = []
  #size = 0

  constructor(limit = OUTPUT_KEEP_BYTES) {
    this.#limit = limit
  }

  /** Keep `chunk`, dropping the oldest chunks once more than the limit is held. */
  push(chunk: Buffer): void {
    this.#chunks.push(chunk)
    this.#size += chunk.length
    while (this.#chunks.length > 1 && this.#size - (this.#chunks[0]?.length ?? 0) >= this.#limit) {
      this.#size -= this.#chunks.shift()?.length ?? 0
    }
  }

  /**
   * The kept tail as text; a character cut in half at the start is dropped. Output kept whole keeps its
   * first bytes even when they are not UTF-8 (a Latin-1 `\xe9chec` reads `\uFFFDchec`, not `chec`).
   */
  text(): string {
    const all = Buffer.concat(this.#chunks)
    if (all.length <= this.#limit) return all.toString('utf8')
    return all
      .subarray(all.length - this.#limit)
      .toString('utf8')
      .replace(/^\uFFFD+/, '')
  }
}

/** How much of a last line an error message quotes: its end, where the reason usually is. */
const LAST_LINE_CHARS = 500

/**
 * The line of `text` that says what went wrong, trimmed (and cut to its last 500 characters): its last
 * non-blank line, unless that is the `Node.js v20.20.2` Node prints after an uncaught error, when it
 * is the error's own line above the stack. Empty when there is none.
 */
export function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trim())
  let at = lines.findLastIndex((line) => line !== '')
  if (at >= 0 && NODE_BANNER.test(lines[at]!)) {
    const frame = lines.findLastIndex((line) => line.startsWith('at '))
    let above = frame
    while (above > 0 && lines[above]!.startsWith('at ')) above--
    at = frame >= 0 && lines[above] ? above : lines.slice(0, at).findLastIndex((line) => line !== '')
  }
  const line = at >= 0 ? lines[at]! : ''
  return line.length > LAST_LINE_CHARS ? `...${line.slice(-LAST_LINE_CHARS)}` : line
}

/** What Node prints last when an uncaught error ends the process. */
const NODE_BANNER = /^Node\.js v\d+\.\d+\.\d+$/
