import { chmodSync, mkdirSync, readFileSync } from 'node:fs'

import { describe, expect, test } from 'vitest'

import { InputError } from '../../errors.ts'
import { makeTestPackage, processGone } from '../test-package.ts'
import { prepareCommandTarget } from './command-target.ts'

const FILES = {
  'init_db.py': `import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("CREATE TABLE IF NOT EXISTS tokens (token TEXT)")
if len(sys.argv) > 2:
    print("upgrading", sys.argv[1])
    conn.execute("CREATE INDEX tokens_hash ON tokens(token_hash)")
conn.commit()
`,
  'env.sh': 'pwd > "$1.out"; echo "$GREETING" >> "$1.out"\n',
  'stdout-only.sh': 'echo "step 1"; echo "step 2: gave up"; exit 4\n',
  'forks.sh': 'sleep 30 & echo "$$ $!" > "$1.pids"; wait\n',
  // A daemon in the classic shape: a new session (out of the start's process group), a second fork,
  // its standard streams closed, so nothing ties it to the start any more.
  'daemon.py': `import os, sys, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.close(0); os.close(1); os.close(2)
        with open(sys.argv[1] + ".daemon", "w") as out:
            out.write(str(os.getpid()))
        time.sleep(30)
    os._exit(0)
os.wait()
while not os.path.exists(sys.argv[1] + ".daemon"):
    time.sleep(0.01)
`,
}

describe('command target', { timeout: 20_000 }, () => {
  test('exit 0 is success, with {db} replaced by the absolute database path', async () => {
    await using pkg = await makeTestPackage(FILES)
    const spec = { command: ['python3', 'init_db.py', '{db}'] }
    await using target = await prepareCommandTarget(spec, { rootDir: pkg.path, timeoutMs: 10_000 })
    expect(target.description).toBe('command:python3 init_db.py {db}')
    expect(target.hooks).toEqual({ startLine: false, statements: false })
    const run = await target.start(pkg.file('app.db'))
    expect(run).toMatchObject({ ok: true, exitCode: 0 })
    expect(run.statements).toBeUndefined()
  })

  test("a failure quotes the traceback's last line", async () => {
    await using pkg = await makeTestPackage(FILES)
    const spec = { command: ['python3', 'init_db.py', '{db}', 'upgrade'] }
    await using target = await prepareCommandTarget(spec, { rootDir: pkg.path, timeoutMs: 10_000 })
    const run = await target.start(pkg.file('app.db'))
    expect(run).toMatchObject({ ok: false, exitCode: 1 })
    expect(run.error).toBe('exited with status 1: sqlite3.OperationalError: no such column: token_hash')
    expect(run.stderr).toContain('Traceback')
    expect(run.stdout).toBe(`upgrading ${pkg.file('app.db')}\n`)
  })

  test('stdout is quoted when stderr is empty', async () => {
    await using pkg = await makeTestPackage(FILES)
    await using target = await prepareCommandTarget(
      { command: ['sh', 'stdout-only.sh', '{db}'] },
      { rootDir: pkg.path, timeoutMs: 10_000 },
    )
    expect((await target.start(pkg.file('app.db'))).error).toBe('exited with status 4: step 2: gave up')
  })

  test('env and cwd are honoured', async () => {
    await using pkg = await makeTestPackage(FILES)
    const spec = { command: ['sh', '../env.sh', '{db}'], cwd: 'sub', env: { GREETING: 'héllo' } }
    mkdirSync(pkg.file('sub'))
    await using target = await prepareCommandTarget(spec, { rootDir: pkg.path, timeoutMs: 10_000 })
    expect((await target.start(pkg.file('app.db'))).ok).toBe(true)
    expect(readFileSync(pkg.file('app.db.out'), 'utf8')).toBe(`${pkg.file('sub')}\nhéllo\n`)
  })

  test("under vitest the command sees the harness's environment, not the test runner's", async () => {
    await using pkg = await makeTestPackage(FILES)
    const print = 'echo "NODE_ENV=$NODE_ENV DEV=$DEV VITEST=$VITEST MODE=$MODE" > "$1.out"'
    const spec = { command: ['sh', '-c', print, 'sh', '{db}'], env: { MODE: 'staging' } }
    await using target = await prepareCommandTarget(spec, { rootDir: pkg.path, timeoutMs: 10_000 })
    expect((await target.start(pkg.file('app.db'))).ok).toBe(true)
    expect(readFileSync(pkg.file('app.db.out'), 'utf8')).toBe('NODE_ENV= DEV= VITEST= MODE=staging\n')
  })

  test('a start killed at the timeout quotes the last line it printed: what it was waiting for', async () => {
    await using pkg = await makeTestPackage(FILES)
    const spec = { command: ['sh', '-c', 'echo "waiting for the write lock" >&2; sleep 10', 'sh', '{db}'] }
    // Long enough for sh to print on a loaded machine; the script's sleep still outlasts it.
    await using target = await prepareCommandTarget(spec, { rootDir: pkg.path, timeoutMs: 3000 })
    expect((await target.start(pkg.file('app.db'))).error).toBe(
      'timed out after 3000 ms (killed): waiting for the write lock',
    )
  })

  test('at the timeout the whole process group is killed', async () => {
    await using pkg = await makeTestPackage(FILES)
    await using target = await prepareCommandTarget(
      { command: ['sh', 'forks.sh', '{db}'] },
      { rootDir: pkg.path, timeoutMs: 300 },
    )
    const run = await target.start(pkg.file('app.db'))
    expect(run).toMatchObject({ ok: false, timedOut: true, error: 'timed out after 300 ms (killed)' })
    const pids = readFileSync(pkg.file('app.db.pids'), 'utf8').trim().split(' ').map(Number)
    expect(pids).toHaveLength(2)
    for (const pid of pids) expect(await processGone(pid)).toBe(true)
  })

  test('a daemon that left the process group does not outlive the start', async () => {
    await using pkg = await makeTestPackage(FILES)
    await using target = await prepareCommandTarget(
      { command: ['python3', 'daemon.py', '{db}'] },
      { rootDir: pkg.path, timeoutMs: 10_000 },
    )
    expect((await target.start(pkg.file('app.db'))).ok).toBe(true)
    const daemon = Number(readFileSync(pkg.file('app.db.daemon'), 'utf8'))
    const gone = await processGone(daemon)
    if (!gone) process.kill(daemon, 'SIGKILL')
    expect(gone).toBe(true)
  })

  test('a missing executable or working directory is unusable input', async () => {
    await using pkg = await makeTestPackage(FILES)
    const options = { rootDir: pkg.path, timeoutMs: 1000 }
    await expect(prepareCommandTarget({ command: ['no-such-tool-here', '{db}'] }, options)).rejects.toThrow(
      'command:no-such-tool-here {db}: "no-such-tool-here" is not an executable file or on the PATH',
    )
    await expect(prepareCommandTarget({ command: ['./init_db.py'] }, options)).rejects.toThrow(InputError)
    await expect(prepareCommandTarget({ command: ['sh'], cwd: 'missing' }, options)).rejects.toThrow(
      /^command:sh: working directory .*missing not found$/,
    )
    await expect(prepareCommandTarget({ command: ['sh', 'init.sh', 'app.db'] }, options)).rejects.toThrow(
      'command:sh init.sh app.db: no argument holds {db}, the database file to open',
    )
  })

  test('a script whose #! interpreter is missing is unusable input, not an ENOENT at every start', async () => {
    await using pkg = await makeTestPackage({
      'crlf.sh': '#!/bin/sh\r\nexit 0\r\n',
      'gone.sh': '#! /no/such/interpreter -e\nexit 0\n',
      'fine.sh': '#!/bin/sh\nexit 0\n',
    })
    for (const name of ['crlf.sh', 'gone.sh', 'fine.sh']) chmodSync(pkg.file(name), 0o755)
    const options = { rootDir: pkg.path, timeoutMs: 10_000 }
    await expect(prepareCommandTarget({ command: ['./crlf.sh', '{db}'] }, options)).rejects.toThrow(
      'command:./crlf.sh {db}: "./crlf.sh" names the interpreter "/bin/sh\\r" on its #! line, which is not an executable file (the script has Windows line endings)',
    )
    await expect(prepareCommandTarget({ command: ['./gone.sh', '{db}'] }, options)).rejects.toThrow(
      new InputError(
        'command:./gone.sh {db}: "./gone.sh" names the interpreter "/no/such/interpreter" on its #! line, which is not an executable file',
      ),
    )
    await using fine = await prepareCommandTarget({ command: ['./fine.sh', '{db}'] }, options)
    expect((await fine.start(pkg.file('app.db'))).ok).toBe(true)
  })
})
