/**
 * Unusable input: a config, snapshot, database file or target that the harness cannot work with.
 * The CLI prints its message as one line and exits with status 2, so the message must name the file
 * and say what is wrong with it, e.g. `snapshots/v0.9.5/manifest.json: sha256 is 3f1c..., manifest says 9ab2...`.
 */
export class InputError extends Error {
  override readonly name = 'InputError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/**
 * The machine cannot give the harness what it needs to run a target: a usable temporary folder, file
 * descriptors, processes. The harness's own trouble, not the target's failure: the run stops with this
 * one line (exit status 2), and checks rethrow it rather than report it as a crash of their own.
 */
export class HarnessResourceError extends InputError {}

/** The message of anything thrown, on one line. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.replace(/\s*\n\s*/g, ' ').trim()
}
