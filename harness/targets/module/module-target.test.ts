import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'

import { InputError } from '../../errors.ts'
import { makeTestPackage } from '../test-package.ts'
import { BUNDLE_CACHE } from './bundle-location.ts'
import { prepareModuleTarget } from './module-target.ts'

const FILES = {
  'init-db.ts': `import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { LIB_URL, TABLE } from './lib/names.ts'

export function initDb(path: string): void {
  const db = new Database(path)
  db.exec(readFileSync(new URL('./schema.sql', import.meta.url), 'utf8'))
  const insert = db.prepare(\`INSERT INTO \${TABLE} (name, value) VALUES (?, ?)\`)
  insert.run('dirname', import.meta.dirname)
  insert.run('filename', import.meta.filename)
  insert.run('libUrl', LIB_URL)
  insert.run('execArgv', JSON.stringify(process.execArgv))
  db.close()
}

export async function initLater(path: string): Promise<void> {
  await new Promise((done) => setTimeout(done, 50))
  const db = new Database(path)
  db.exec("CREATE TABLE late (done TEXT); INSERT INTO late VALUES ('yes')")
  db.close()
}

export function initOld(path: string): void {
  const db = new Database(path)
  db.exec('CREATE TABLE tokens (token TEXT)')
  db.exec('CREATE INDEX tokens_hash ON tokens(token_hash)')
}

export function initLeavesWrite(path: string): void {
  const db = new Database(path)
  db.exec('CREATE TABLE t (x)')
  db.exec('BEGIN; INSERT INTO t VALUES (1)')
}

export function initLeavesWalWrite(path: string): void {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.exec('CREATE TABLE t (x)')
  db.exec('BEGIN; INSERT INTO t VALUES (1)')
}

export function initLeavesRead(path: string): void {
  const db = new Database(path)
  db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1), (2)')
  db.prepare('SELECT x FROM t').iterate().next()
}

export function initLeavesBriefLock(path: string): void {
  // A worker the app started, still finishing a write for 20 ms after initDb returns.
  const flag = new Int32Array(new SharedArrayBuffer(4))
  const worker = new Worker(
    \`const { workerData } = require('node:worker_threads')
    const Database = require('better-sqlite3')
    const db = new Database(workerData.path)
    db.exec('CREATE TABLE IF NOT EXISTS t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)')
    Atomics.store(workerData.flag, 0, 1)
    Atomics.notify(workerData.flag, 0)
    Atomics.wait(workerData.flag, 0, 1, 20)
    db.exec('COMMIT')
    db.close()\`,
    { eval: true, workerData: { path, flag } },
  )
  worker.unref()
  Atomics.wait(flag, 0, 0, 5000)
}

export function initSpoof(): void {
  process.stdout.write('{"t":"done"}\\n')
  process.stderr.write('{"t":"done"}\\n')
  throw new RangeError('the real failure\\nsecond line')
}

export function initLoud(): void {
  const { stderr } = process
  for (let i = 0; i < 2000; i++) console.log('stdout line ' + i + ' ' + 'x'.repeat(100))
  for (let i = 0; i < 2000; i++) stderr.write('stderr line ' + i + ' ' + 'y'.repeat(100) + '\\n')
  console.error('the last word')
  throw new Error('loud failure')
}

export function initReturnsEarly(): Promise<void> {
  // Nothing keeps the event loop alive, so the process ends before this promise settles.
  return new Promise(() => {})
}

export function throwsObject(): void {
  throw { message: 'plain object\\nfailure' }
}

export function throwsBareObject(): void {
  throw Object.assign(Object.create(null), { code: 'E_BARE', detail: 'no prototype' })
}

export function throwsCodeObject(): void {
  throw { code: 'E_CODE' }
}

export async function rejectsString(): Promise<void> {
  throw 'just text'
}

export const notAFunction = 42
`,
  // Each bundled file keeps its own location: this one is a folder below the entry.
  'lib/names.ts': `export const TABLE: string = 'settings'\nexport const LIB_URL: string = import.meta.url\n`,
  'schema.sql': 'CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT);\n',
}

/** Prepares `export` of the test package's init-db.ts as a target, and starts it once on a new file. */
async function startExport(exportName: string) {
  await using pkg = await makeTestPackage(FILES)
  const spec = { module: 'init-db.ts', export: exportName }
  await using target = await prepareModuleTarget(spec, { rootDir: pkg.path, timeoutMs: 10_000 })
  // Awaited here: both are disposed when this returns.
  return await target.start(pkg.file('app.db'))
}
describe('module target', { timeout: 20_000 }, () => {
  test('runs a TypeScript module that imports TS, better-sqlite3 and a file next to itself', async () => {
    await using pkg = await makeTestPackage(FILES)
    await using target = await prepareModuleTarget(
      { module: 'init-db.ts' },
      { rootDir: pkg.path, timeoutMs: 10_000 },
    )
    expect(target.description).toBe('module:init-db.ts#initDb')
    expect(target.hooks).toEqual({ startLine: true, statements: true })
    const run = await target.start(pkg.file('app.db'))
    expect(run).toMatchObject({ ok: true, exitCode: 0, signal: null, timedOut: false })
    expect(run.error).toBeUndefined()
    expect(run.startCostMs).toBeGreaterThan(0)
    expect(run.startCostMs).toBeLessThan(run.ms)

    const db = new Database(pkg.file('app.db'), { readonly: true })
    const rows = Object.fromEntries(
      (db.prepare('SELECT name, value FROM settings').all() as { name: string; value: string }[]).map((r) => [
        r.name,
        r.value,
      ]),
    )
    db.close()
    expect(rows.dirname).toBe(pkg.path)
    expect(rows.filename).toBe(pkg.file('init-db.ts'))
    expect(rows.libUrl).toBe(pathToFileURL(pkg.file('lib/names.ts')).href)
    // Plain JS in the child: no TypeScript loader, no flags inherited from the harness.
    expect(rows.execArgv).toBe('[]')
  })

  test('awaits an async export', async () => {
    await using pkg = await makeTestPackage(FILES)
    const spec = { module: 'init-db.ts', export: 'initLater' }
    await using target = await prepareModuleTarget(spec, { rootDir: pkg.path, timeoutMs: 10_000 })
    expect(target.description).toBe('module:init-db.ts#initLater')
    expect((await target.start(pkg.file('app.db'))).ok).toBe(true)
    const db = new Database(pkg.file('app.db'), { readonly: true })
    expect(db.prepare('SELECT done FROM late').pluck().get()).toBe('yes')
    db.close()
  })

  test("reports the target's own error, class and message", async () => {
    const run = await startExport('initOld')
    expect(run).toMatchObject({ ok: false, exitCode: 1, error: 'SqliteError: no such column: token_hash' })
  })

  test('the error channel cannot be spoofed by what the target prints, and errors are one line', async () => {
    const run = await startExport('initSpoof')
    expect(run).toMatchObject({ ok: false, error: 'RangeError: the real failure second line' })
    expect(run.stdout).toContain('{"t":"done"}')
  })

  test('what the target printed reaches the harness in full, up to its last line, before it exits', async () => {
    const run = await startExport('initLoud')
    expect(run).toMatchObject({ ok: false, error: 'Error: loud failure' })
    expect(run.stdout).toContain('stdout line 1999 ')
    expect(run.stderr.trimEnd().endsWith('the last word')).toBe(true)
  })

  test.for([
    ['throwsObject', 'thrown: plain object failure'],
    ['rejectsString', 'thrown: just text'],
    ['throwsBareObject', 'thrown: {"code":"E_BARE","detail":"no prototype"}'],
    ['throwsCodeObject', 'thrown: {"code":"E_CODE"}'],
  ])('%s: a thrown value that is not an Error is still one line', async ([exportName, error]) => {
    expect(await startExport(exportName!)).toMatchObject({ ok: false, error })
  })

  test('a process that ends before the function settles is a failure', async () => {
    const run = await startExport('initReturnsEarly')
    expect(run.ok).toBe(false)
    expect(run.error).toMatch(/^exited with status \d+/)
  })

  test('a missing module is unusable input naming the file', async () => {
    await using pkg = await makeTestPackage(FILES)
    const prepared = prepareModuleTarget(
      { module: 'nope/init-db.ts' },
      { rootDir: pkg.path, timeoutMs: 1000 },
    )
    await expect(prepared).rejects.toThrow(InputError)
    await expect(prepared).rejects.toThrow('nope/init-db.ts: target module not found')
  })

  test('a missing export is found without running the module, and nothing is left behind', async () => {
    await using pkg = await makeTestPackage({ ...FILES, 'side-effect.ts': "throw new Error('ran')\n" })
    const options = { rootDir: pkg.path, timeoutMs: 1000 }
    await expect(prepareModuleTarget({ module: 'init-db.ts', export: 'migrate' }, options)).rejects.toThrow(
      'init-db.ts: does not export a function "migrate"',
    )
    await expect(prepareModuleTarget({ module: 'side-effect.ts' }, options)).rejects.toThrow(
      'side-effect.ts: does not export a function "initDb"; it exports nothing',
    )
    expect(readdirSync(join(pkg.path, BUNDLE_CACHE))).toEqual([])
  })

  test('a CommonJS module is unusable input, said plainly, and nothing is left behind', async () => {
    const cjs = "const fs = require('fs')\nexports.initDb = (path) => fs.writeFileSync(path, '')\n"
    await using pkg = await makeTestPackage({ ...FILES, 'init-db.cjs': cjs })
    await expect(
      prepareModuleTarget({ module: 'init-db.cjs' }, { rootDir: pkg.path, timeoutMs: 1000 }),
    ).rejects.toThrow(
      'init-db.cjs: a CommonJS module (module.exports, require); a module target is an ES module or TypeScript',
    )
    expect(readdirSync(join(pkg.path, BUNDLE_CACHE))).toEqual([])
  })

  test.for(['initLeavesWrite', 'initLeavesWalWrite'])(
    '%s: a start that returns inside an uncommitted write transaction fails, saying so',
    async (name) => {
      const run = await startExport(name)
      expect(run.ok).toBe(false)
      expect(run.error).toBe(
        'returned, but a connection of its own still holds the write lock (a transaction never committed, or locking_mode = EXCLUSIVE on a connection never closed), so what the start did may never reach the file; commit and close the database before returning',
      )
    },
  )

  test("a moment's lock of a worker the app started, released after initDb returns, is no transaction left open", async () => {
    expect(await startExport('initLeavesBriefLock')).toMatchObject({ ok: true })
  })

  test('a read left open, on a connection never closed, is no transaction left open', async () => {
    expect(await startExport('initLeavesRead')).toMatchObject({ ok: true })
  })

  test('readOnReturn: the child reads the query as the function returns, or says why it could not', async () => {
    await using pkg = await makeTestPackage(FILES)
    await using target = await prepareModuleTarget(
      { module: 'init-db.ts' },
      { rootDir: pkg.path, timeoutMs: 10_000 },
    )
    // Each on a file of its own: the target inserts its rows once.
    const read = (file: string, sql: string) => target.start(pkg.file(file), { readOnReturn: sql })
    expect((await read('a.db', 'SELECT count(*) FROM settings')).onReturn).toEqual({ values: ['4'] })
    expect((await read('b.db', 'SELECT count(*) FROM schema_migrations')).onReturn).toEqual({
      error: 'no such table: schema_migrations',
    })
    // Asked for nothing, the child reads nothing.
    expect((await target.start(pkg.file('c.db'))).onReturn).toBeUndefined()
  })

  test('an export that is not a function fails its start with a clear error', async () => {
    const run = await startExport('notAFunction')
    expect(run.error).toBe('TypeError: export "notAFunction" is not a function')
  })

  test('a module that does not compile is unusable input', async () => {
    await using pkg = await makeTestPackage({ 'broken.ts': 'export function initDb( {\n' })
    await expect(
      prepareModuleTarget({ module: 'broken.ts' }, { rootDir: pkg.path, timeoutMs: 1000 }),
    ).rejects.toThrow(/^broken\.ts: cannot be bundled: /)
  })

  test('the bundle lives under node_modules while prepared and is removed on dispose', async () => {
    await using pkg = await makeTestPackage(FILES)
    const cache = join(pkg.path, BUNDLE_CACHE)
    {
      await using _target = await prepareModuleTarget(
        { module: 'init-db.ts' },
        { rootDir: pkg.path, timeoutMs: 1000 },
      )
      const [folder] = readdirSync(cache)
      expect(folder).toMatch(new RegExp(`^${process.pid}-`))
      expect(existsSync(join(cache, folder ?? '', 'target.mjs'))).toBe(true)
      expect(existsSync(join(cache, folder ?? '', 'runner.mjs'))).toBe(true)
    }
    expect(readdirSync(cache)).toEqual([])
  })
})
