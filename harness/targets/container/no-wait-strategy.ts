import type { WaitStrategy } from 'testcontainers'

/**
 * A wait strategy that returns at once. The target waits for the container itself, through the engine's
 * wait call and its log stream, so testcontainers must neither poll (its one-shot strategy asks once a
 * second) nor remove a container that exited with an error before its log was read.
 */
export class NoWaitStrategy implements WaitStrategy {
  #startupTimeoutMs = 0

  async waitUntilReady(): Promise<void> {}

  withStartupTimeout(startupTimeoutMs: number): this {
    this.#startupTimeoutMs = startupTimeoutMs
    return this
  }

  isStartupTimeoutSet(): boolean {
    return this.#startupTimeoutMs > 0
  }

  getStartupTimeout(): number {
    return this.#startupTimeoutMs
  }
}
