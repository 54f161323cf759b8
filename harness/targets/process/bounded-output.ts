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

  /** The kept tail as text; a character cut in half at the start is dropped. */
  text(): string {
    const all = Buffer.concat(this.#chunks)
    const tail = all.length > this.#limit ? all.subarray(all.length - this.#limit) : all
    return tail.toString('utf8').replace(/^\uFFFD+/, '')
  }
}

/** How much of a last line an error message quotes: its end, where the reason usually is. */
const LAST_LINE_CHARS = 500

/** The last non-blank line of `text`, trimmed (and cut to its last 500 characters); empty when none. */
export function lastLine(text: string): string {
  const lines = text.split(/\r?\n/)
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]?.trim()
    if (line) return line.length > LAST_LINE_CHARS ? `...${line.slice(-LAST_LINE_CHARS)}` : line
  }
  return ''
}
