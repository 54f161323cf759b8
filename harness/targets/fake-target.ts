import type { StartOptions, Target, TargetRun } from './target.ts'

/**
 * Test-only: a target that runs `behaviour(dbPath)` in the calling process, for unit tests of code that
 * consumes targets (checks, reporters). It honours no hooks and no timeout, and a crash in `behaviour`
 * is a crash of the test: real targets always run in processes of their own.
 */
export function fakeTarget(
  behaviour: (dbPath: string) => Promise<void> | void,
  description = 'fake:in-process',
): Target {
  const start = async (dbPath: string, _options?: StartOptions): Promise<TargetRun> => {
    const begin = performance.now()
    const run: TargetRun = {
      ok: true,
      ms: 0,
      exitCode: 0,
      signal: null,
      timedOut: false,
      stdout: '',
      stderr: '',
    }
    try {
      await behaviour(dbPath)
    } catch (error) {
      run.ok = false
      run.exitCode = 1
      run.error =
        error instanceof Error
          ? `${error.name}: ${error.message}`.replace(/\s*\n\s*/g, ' ')
          : `thrown: ${String(error)}`
    }
    run.ms = performance.now() - begin
    return run
  }
  return {
    description,
    kind: 'module',
    hooks: { startLine: false, statements: false },
    start,
    startMany: (dbPath, count, options) =>
      Promise.all(Array.from({ length: count }, () => start(dbPath, options))),
    [Symbol.asyncDispose]: async () => {},
  }
}
