/**
 * The image's entry point, bundled to `/app/start.js`: `start.js --init-only DBPATH` runs the release's
 * initDb and exits 0; `start.js DBPATH` does the same, then prints `ready` and serves until SIGTERM, as a
 * real server would. An error is printed with its stack, its own message last, and the exit code is 1.
 */
import { pathToFileURL } from 'node:url'

/** The bundled release module inside the image; set by the image build. */
declare const INIT_DB_MODULE: string

/** Printed once initDb has finished and the "server" is up. */
const READY_LINE = 'ready'

async function main(args: string[]): Promise<number> {
  const initOnly = args[0] === '--init-only'
  const dbPath = initOnly ? args[1] : args[0]
  if (dbPath === undefined) {
    console.error('usage: start.js [--init-only] DBPATH')
    return 2
  }
  const release = (await import(pathToFileURL(INIT_DB_MODULE).href)) as { initDb(path: string): unknown }
  await release.initDb(dbPath)
  if (initOnly) return 0
  console.log(READY_LINE)
  // As PID 1 in a container, node has no default SIGTERM handler: without this it would never stop.
  await new Promise((resolve) => process.once('SIGTERM', resolve))
  return 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof Error) {
      console.error(error.stack ?? '')
      console.error(`${error.name}: ${error.message}`)
    } else console.error(String(error))
    process.exit(1)
  },
)
