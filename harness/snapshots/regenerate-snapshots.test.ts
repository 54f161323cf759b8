import Database from 'better-sqlite3'
import { spawn, spawnSync } from 'node:child_process'
import { cp, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { hostname } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { dir, type DirectoryResult } from 'tmp-promise'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { Config, ReleaseSpec } from '../config/types.ts'
import { InputError } from '../errors.ts'
import type { Target, TargetRun, TargetSpec } from '../targets/target.ts'
import { displayPath } from './display-path.ts'
import { hashFolder } from './hash-folder.ts'
import { loadCatalogue } from './load-catalogue.ts'
import { lockSnapshotFolder } from './regenerate-lock.ts'
import { regenerateSnapshots } from './regenerate-snapshots.ts'
import { verifySnapshot } from './verify-snapshot.ts'

// `duringCompare`, when set, runs as --check starts comparing a committed snapshot: a regenerate that
// comes and goes right then, which real runs meet only by chance.
const compareHook = vi.hoisted(() => ({
  duringCompare: undefined as ((committed: string) => Promise<void>) | undefined,
}))
vi.mock('./compare-snapshots.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./compare-snapshots.ts')>()
  return {
    ...actual,
    compareSnapshots: async (...args: Parameters<typeof actual.compareSnapshots>) => {
      await compareHook.duringCompare?.(args[1])
      return actual.compareSnapshots(...args)
    },
  }
})
afterEach(() => {
  compareHook.duringCompare = undefined
})

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

/** The releases' initDb, run in this process: stands in for the real child-process target. */
const RELEASES: Record<string, (db: Database.Database) => void> = {
  'v0.1.0.ts': (db) =>
    db.exec(`CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, slug TEXT UNIQUE, body TEXT)`),
  'v0.9.5.ts': (db) => {
    RELEASES['v0.1.0.ts']!(db)
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (migration_name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS tokens (id INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE, note_id INTEGER REFERENCES notes (id));
      INSERT OR IGNORE INTO schema_migrations VALUES ('0000_initial', strftime('%Y-%m-%dT%H:%M:%f', 'now'));`)
  },
  'broken.ts': () => {
    throw new Error('no such column: token_hash')
  },
}

function twin(spec: TargetSpec): Target {
  const file = 'module' in spec ? path.basename(spec.module) : ''
  return {
    description: `module:${file}`,
    async start(dbPath: string): Promise<TargetRun> {
      const run: TargetRun = {
        ok: true,
        ms: 0,
        exitCode: 0,
        signal: null,
        timedOut: false,
        stdout: '',
        stderr: '',
      }
      const db = new Database(dbPath)
      try {
        RELEASES[file]!(db)
      } catch (error) {
        Object.assign(run, { ok: false, exitCode: 1, error: (error as Error).message })
      } finally {
        db.close()
      }
      return run
    },
    [Symbol.asyncDispose]: async () => {},
  }
}

let folder: DirectoryResult
let config: Config

beforeEach(async () => {
  folder = await dir({ unsafeCleanup: true })
  const root = folder.path
  await writeFile(
    path.join(root, 'notes.sql'),
    `INSERT INTO notes (slug, body) VALUES ('first', 'héllo'), ('second', NULL), ('third', '');`,
  )
  await writeFile(
    path.join(root, 'tokens.sql'),
    `INSERT INTO tokens (token, note_id) VALUES ('t-1', 1), ('t-2', NULL);`,
  )
  config = {
    file: path.join(root, 'upgrade-harness.config.ts'),
    rootDir: root,
    snapshots: path.join(root, 'snapshots'),
    target: { module: 'v0.9.5.ts' },
    history: { table: 'schema_migrations', column: 'migration_name' },
    migrations: undefined,
    data: { allowLoss: [], allowChange: [], volatile: [] },
    schema: { strictColumnOrder: false, comparePageSize: false, ignore: [] },
    releases: [
      { name: 'v0.1.0', version: '0.1.0', target: { module: 'v0.1.0.ts' }, fixtures: ['notes.sql'] },
      {
        name: 'v0.9.5',
        version: '0.9.5',
        target: { module: 'v0.9.5.ts' },
        fixtures: ['notes.sql', 'tokens.sql'],
      },
    ],
    timeoutMs: 30_000,
    budgetMs: undefined,
    concurrency: 2,
    checks: { skip: [] },
  }
})
afterEach(() => folder.cleanup())

describe('regenerateSnapshots', { timeout: 60_000 }, () => {
  test('builds every release from its initDb and fixtures into verifiable snapshots', async () => {
    const progress: string[] = []
    const result = await regenerateSnapshots(config, {
      prepareTarget: async (s) => twin(s),
      onProgress: (l) => progress.push(l),
    })
    expect(result.ok).toBe(true)
    const catalogue = await loadCatalogue(config.snapshots)
    expect(catalogue.map((s) => [s.name, s.manifest.rowCounts])).toEqual([
      ['v0.1.0', { notes: 3 }],
      ['v0.9.5', { notes: 3, schema_migrations: 1, tokens: 2 }],
    ])
    for (const snapshot of catalogue) await verifySnapshot(snapshot)
    expect(catalogue[1]?.manifest.notes).toBe(
      'Release v0.9.5: initDb of module v0.9.5.ts on an empty database; fixtures notes.sql; fixtures tokens.sql',
    )
    expect(progress).toContain('v0.9.5: starting module:v0.9.5.ts on an empty database')
    // Built in staging: "written" would be untrue for a run that another release's failure undoes.
    expect(progress.filter((line) => line.includes('(sha256'))).toEqual([
      expect.stringMatching(/^v0\.1\.0: built \(sha256 [0-9a-f]{12}\.\.\., 3 rows\)$/),
      expect.stringMatching(/^v0\.9\.5: built \(sha256 [0-9a-f]{12}\.\.\., 6 rows\)$/),
    ])
    expect(await readdir(config.snapshots)).toEqual(['v0.1.0', 'v0.9.5'])
  })

  test('--check rebuilds elsewhere, finds no difference, and never writes to the committed folder', async () => {
    await regenerateSnapshots(config, { prepareTarget: async (s) => twin(s) })
    const before = await hashFolder(config.snapshots)
    const result = await regenerateSnapshots(config, { check: true, prepareTarget: async (s) => twin(s) })
    expect(result.snapshots.map((s) => [s.name, s.differences, s.error])).toEqual([
      ['v0.1.0', [], undefined],
      ['v0.9.5', [], undefined],
    ])
    expect(result.ok).toBe(true)
    expect(await hashFolder(config.snapshots)).toEqual(before)
  })

  test('--check on a committed snapshot whose database file is missing is an input error naming it', async () => {
    await regenerateSnapshots(config, { prepareTarget: async (s) => twin(s) })
    const manifest = JSON.parse(
      await readFile(path.join(config.snapshots, 'v0.9.5', 'manifest.json'), 'utf8'),
    ) as { file: string }
    const committed = path.join(config.snapshots, 'v0.9.5')
    await rm(path.join(committed, manifest.file))
    const checking = regenerateSnapshots(config, { check: true, prepareTarget: async (s) => twin(s) })
    await expect(checking).rejects.toThrow(InputError)
    await expect(checking).rejects.toThrow(
      `snapshot "v0.9.5": cannot read ${displayPath(path.join(committed, manifest.file))}, which ${displayPath(path.join(committed, 'manifest.json'))} names (`,
    )
  })

  test('--check reports changed data, schema and history', async () => {
    await regenerateSnapshots(config, { prepareTarget: async (s) => twin(s) })
    await writeFile(
      path.join(folder.path, 'notes.sql'),
      `INSERT INTO notes (slug, body) VALUES ('first', 'hello'), ('second', NULL), ('third', '');`,
    )
    const base = RELEASES['v0.9.5.ts']!
    RELEASES['v0.9.5.ts'] = (db) => {
      base(db)
      db.exec(
        `ALTER TABLE tokens ADD COLUMN token_hash TEXT; INSERT INTO schema_migrations VALUES ('0001_x', 'now')`,
      )
    }
    try {
      const result = await regenerateSnapshots(config, { check: true, prepareTarget: async (s) => twin(s) })
      expect(result.ok).toBe(false)
      const [v010, v095] = result.snapshots
      expect(v010?.differences).toEqual([
        "data: table notes: 1 of 3 rows lost or changed, e.g. (id=1; body: 'héllo' → 'hello')",
        "data: table notes: 1 of 3 rows in regenerated are new or changed, e.g. (id=1; body: 'héllo' → 'hello')",
      ])
      expect(v095?.differences.some((d) => d.startsWith('schema: ') && d.includes('token_hash'))).toBe(true)
      expect(v095?.differences).toContain(
        'history: committed [0000_initial], regenerated [0000_initial, 0001_x]',
      )
    } finally {
      RELEASES['v0.9.5.ts'] = base
    }
  })

  test('--check reports a change whose line happens to say "skipped"', async () => {
    await writeFile(
      path.join(folder.path, 'notes.sql'),
      `INSERT INTO notes (slug, body) VALUES ('skipped', 'we skipped it');`,
    )
    await regenerateSnapshots(config, { prepareTarget: async (s) => twin(s), only: ['v0.1.0'] })
    await writeFile(
      path.join(folder.path, 'notes.sql'),
      `INSERT INTO notes (slug, body) VALUES ('skipped', 'we skipped it!');`,
    )
    const result = await regenerateSnapshots(config, {
      check: true,
      only: ['v0.1.0'],
      prepareTarget: async (s) => twin(s),
    })
    expect(result.ok).toBe(false)
    expect(result.snapshots[0]?.differences).toEqual([
      "data: table notes: 1 of 1 rows lost or changed, e.g. (id=1; body: 'we skipped it' → 'we skipped it!')",
      "data: table notes: 1 of 1 rows in regenerated are new or changed, e.g. (id=1; body: 'we skipped it' → 'we skipped it!')",
    ])
  })

  test('a failing release leaves its committed snapshot whole and no staging folder behind', async () => {
    await regenerateSnapshots(config, { prepareTarget: async (s) => twin(s) })
    const before = await hashFolder(config.snapshots)
    const broken = { ...config, releases: [{ ...config.releases[1]!, target: { module: 'broken.ts' } }] }
    const result = await regenerateSnapshots(broken, { prepareTarget: async (s) => twin(s) })
    expect(result.ok).toBe(false)
    expect(result.snapshots[0]?.error).toBe(
      'module:broken.ts failed on an empty database: no such column: token_hash',
    )
    expect(await hashFolder(config.snapshots)).toEqual(before)
    expect(await readdir(config.snapshots)).toEqual(['v0.1.0', 'v0.9.5'])
  })

  test.for([
    ['a release whose initDb fails', { target: { module: 'broken.ts' } }, false],
    ['a release whose fixture does not run', { fixtures: ['notes.sql', 'bad.sql'] }, true],
  ] as const)(
    '%s rewrites no snapshot, not even those of the releases built before it',
    async ([, change, input]) => {
      await regenerateSnapshots(config, { prepareTarget: async (s) => twin(s) })
      const before = await hashFolder(config.snapshots)
      // v0.1.0 would now be built with other rows: had it been written, its files would differ.
      await writeFile(
        path.join(folder.path, 'notes.sql'),
        `INSERT INTO notes (slug, body) VALUES ('only', 'changed');`,
      )
      await writeFile(path.join(folder.path, 'bad.sql'), `INSERT INTO no_such_table VALUES (1);`)
      const bad: Config = {
        ...config,
        releases: [config.releases[0]!, { ...config.releases[1]!, ...(change as Partial<ReleaseSpec>) }],
      }
      const outcome = await regenerateSnapshots(bad, { prepareTarget: async (s) => twin(s) }).catch(
        (e: unknown) => e,
      )
      if (input) expect(outcome).toBeInstanceOf(InputError)
      else {
        const result = outcome as Awaited<ReturnType<typeof regenerateSnapshots>>
        expect(result.ok).toBe(false)
        expect(result.snapshots.map((s) => [s.name, s.ok, s.dir])).toEqual([
          ['v0.1.0', true, undefined],
          ['v0.9.5', false, undefined],
        ])
      }
      expect(await hashFolder(config.snapshots)).toEqual(before)
      expect(await readdir(config.snapshots)).toEqual(['v0.1.0', 'v0.9.5'])
    },
  )

  test.for([
    ['a release whose initDb fails', { target: { module: 'broken.ts' } }],
    ['a release whose fixture does not run (bad input)', { fixtures: ['notes.sql', 'bad.sql'] }],
  ] as const)(
    '%s leaves none of the folders it made for the output, and keeps one that was there',
    async ([, change]) => {
      await writeFile(path.join(folder.path, 'bad.sql'), `INSERT INTO no_such_table VALUES (1);`)
      const bad: Config = {
        ...config,
        releases: [config.releases[0]!, { ...config.releases[1]!, ...(change as Partial<ReleaseSpec>) }],
      }
      const before = await readdir(folder.path)
      const regenerate = (outDir?: string) =>
        regenerateSnapshots(bad, { ...(outDir && { outDir }), prepareTarget: async (s) => twin(s) }).then(
          (r) => r.ok,
          () => 'threw',
        )
      // A first run into a committed folder that is not there yet, and an output folder two levels down.
      expect(await regenerate()).not.toBe(true)
      expect(await regenerate(path.join(folder.path, 'fresh', 'out'))).not.toBe(true)
      expect(await readdir(folder.path)).toEqual(before)
      await mkdir(path.join(folder.path, 'kept'))
      expect(await regenerate(path.join(folder.path, 'kept', 'out'))).not.toBe(true)
      expect(await readdir(path.join(folder.path, 'kept'))).toEqual([])
    },
  )

  test.for(['SIGINT', 'SIGTERM'] as const)(
    'a regenerate interrupted by %s leaves none of the folders it made',
    async (signal) => {
      const out = path.join(folder.path, 'fresh', 'out')
      const script = path.join(folder.path, 'regenerate.mts')
      await writeFile(
        script,
        [
          `import { regenerateSnapshots } from '${new URL('./regenerate-snapshots.ts', import.meta.url).href}'`,
          `const config = ${JSON.stringify({ ...config, releases: [{ name: 'v1', version: '1.0.0', target: { module: 'hangs.ts' } }] })}`,
          `// A target that starts and never ends (the timer keeps the process alive): interrupted while it builds.`,
          `setInterval(() => {}, 1000)`,
          `const hangs = { description: 'hangs', start: () => (console.log('started'), new Promise(() => {})), [Symbol.asyncDispose]: async () => {} }`,
          `await regenerateSnapshots(config, { outDir: ${JSON.stringify(out)}, prepareTarget: async () => hangs })`,
        ].join('\n'),
      )
      const child = spawn(process.execPath, ['--import', TSX, script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      await using _stop = { [Symbol.asyncDispose]: async () => void child.kill('SIGKILL') }
      await new Promise((done) => child.stdout.once('data', done))
      expect(await readdir(out)).toEqual(['.regenerate.lock'])
      const ended = new Promise<string | null>((done) => child.once('exit', (_code, s) => done(s)))
      child.kill(signal)
      expect(await ended).toBe(signal)
      expect((await readdir(folder.path)).sort()).toEqual(['notes.sql', 'regenerate.mts', 'tokens.sql'])
    },
  )

  test('two runs at once on one folder: the second is refused, the first swaps in whole and leaves nothing hidden', async () => {
    const runs = await Promise.allSettled(
      [0, 1].map(() => regenerateSnapshots(config, { prepareTarget: async (s) => twin(s) })),
    )
    const [won, lost] = runs[0]!.status === 'fulfilled' ? runs : [...runs].reverse()
    expect(won).toMatchObject({ status: 'fulfilled', value: { ok: true } })
    expect(lost).toMatchObject({ status: 'rejected', reason: expect.any(InputError) })
    const reason = (lost as PromiseRejectedResult).reason as Error
    expect(reason.message).toMatch(
      /snapshots: another snapshots regenerate is running there \(.*\.regenerate\.lock holds pid \d+ on /,
    )
    expect(await readdir(config.snapshots)).toEqual(['v0.1.0', 'v0.9.5'])
    for (const snapshot of await loadCatalogue(config.snapshots)) await verifySnapshot(snapshot)
  })

  test('--check while a regenerate swaps the committed folder is refused in one line, not a false difference', async () => {
    await regenerateSnapshots(config, { prepareTarget: async (s) => twin(s) })
    // What a regenerate holds half-way through its swap: its lock, and v0.9.5 renamed aside.
    using _writer = lockSnapshotFolder(config.snapshots)
    const committed = path.join(config.snapshots, 'v0.9.5')
    await rename(committed, path.join(config.snapshots, '.v0.9.5.old-1234abcd'))
    const checking = regenerateSnapshots(config, { check: true, prepareTarget: async (s) => twin(s) })
    await expect(checking).rejects.toThrow(InputError)
    await expect(checking).rejects.toThrow(
      `${displayPath(config.snapshots)}: a snapshots regenerate is writing there (`,
    )
    await expect(checking).rejects.toThrow(
      new RegExp(`\\.regenerate\\.lock holds pid ${process.pid} on .*\\); run --check once it is done`),
    )
  })

  test.for([
    ['of another host (it may be writing)', '1 elsewhere.example\n', false],
    [
      'of a process of this host that is gone',
      `${spawnSync(process.execPath, ['-e', '0']).pid} ${hostname()}\n`,
      true,
    ],
  ] as const)(
    '--check with a lock %s: runs only if stale, and leaves the lock alone',
    async ([, text, runs]) => {
      await regenerateSnapshots(config, { prepareTarget: async (s) => twin(s) })
      await writeFile(path.join(config.snapshots, '.regenerate.lock'), text)
      const before = await hashFolder(config.snapshots)
      const checking = regenerateSnapshots(config, { check: true, prepareTarget: async (s) => twin(s) })
      if (runs) expect((await checking).ok).toBe(true)
      else
        await expect(checking).rejects.toThrow(
          /a snapshots regenerate is writing there .*holds pid 1 on elsewhere\.example/,
        )
      expect(await hashFolder(config.snapshots)).toEqual(before)
    },
  )

  test('--check during which a regenerate swaps a committed snapshot in and ends is refused, not believed', async () => {
    await regenerateSnapshots(config, { prepareTarget: async (s) => twin(s) })
    compareHook.duringCompare = async (committed) => {
      // The same content in another folder, renamed in as swapFolders does: only the folder tells.
      await cp(committed, `${committed}.new`, { recursive: true })
      await rename(committed, `${committed}.old`)
      await rename(`${committed}.new`, committed)
      await rm(`${committed}.old`, { recursive: true })
    }
    const checking = regenerateSnapshots(config, {
      check: true,
      only: ['v0.9.5'],
      prepareTarget: async (s) => twin(s),
    })
    await expect(checking).rejects.toThrow(InputError)
    await expect(checking).rejects.toThrow(
      `${displayPath(path.join(config.snapshots, 'v0.9.5'))}: replaced (by a snapshots regenerate?) while --check compared it; run --check again`,
    )
  })

  test('two --check runs at once both compare: a check takes no lock', async () => {
    await regenerateSnapshots(config, { prepareTarget: async (s) => twin(s) })
    const before = await hashFolder(config.snapshots)
    const runs = await Promise.all(
      [0, 1].map(() => regenerateSnapshots(config, { check: true, prepareTarget: async (s) => twin(s) })),
    )
    expect(runs.map((r) => r.ok)).toEqual([true, true])
    expect(await hashFolder(config.snapshots)).toEqual(before)
  })

  test('--scale multiplies rows into an output folder only, keeping unique values unique', async () => {
    await expect(
      regenerateSnapshots(config, { scale: 10, prepareTarget: async (s) => twin(s) }),
    ).rejects.toThrow(/never written to the committed folder/)
    const out = path.join(folder.path, 'large')
    const result = await regenerateSnapshots(config, {
      scale: 1000,
      outDir: out,
      only: ['v0.9.5'],
      prepareTarget: async (s) => twin(s),
    })
    expect(result.ok).toBe(true)
    expect(result.snapshots[0]?.manifest?.rowCounts).toEqual({
      notes: 3000,
      schema_migrations: 1,
      tokens: 2000,
    })
    const db = new Database(path.join(out, 'v0.9.5', 'db.sqlite'), { readonly: true })
    expect(db.prepare('SELECT count(DISTINCT slug) FROM notes').pluck().get()).toBe(3000)
    expect(db.prepare('SELECT count(*) FROM notes WHERE body IS NULL').pluck().get()).toBe(1000)
    db.close()
    await expect(readdir(config.snapshots)).rejects.toThrow(/ENOENT/)
  })

  test.for([
    [
      'a fixture that is not there',
      { fixtures: ['notes.sql', 'gone.sql'] },
      /release v0\.9\.5: fixture .*gone\.sql is not a file/,
    ],
    [
      'a migrations folder that is not there',
      { migrations: '/nowhere/migrations' },
      /release v0\.9\.5: migrations \/nowhere\/migrations is not a folder/,
    ],
  ] as const)('%s is an input error, found before any release is built', async ([, change, message]) => {
    const bad: Config = {
      ...config,
      releases: [config.releases[0]!, { ...config.releases[1]!, ...(change as Partial<ReleaseSpec>) }],
    }
    for (const check of [false, true]) {
      const error = await regenerateSnapshots(bad, { check, prepareTarget: async (s) => twin(s) }).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(InputError)
      expect((error as Error).message).toMatch(message)
    }
    await expect(readdir(config.snapshots)).rejects.toThrow(/ENOENT/)
  })

  test('an output folder that is a file, or under one, is an input error found before anything is built', async () => {
    const file = path.join(folder.path, 'notes.sql')
    for (const outDir of [file, path.join(file, 'sub')]) {
      const error = await regenerateSnapshots(config, { outDir, prepareTarget: async (s) => twin(s) }).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(InputError)
      expect((error as Error).message).toMatch(/: cannot hold snapshots \(.*notes\.sql is not a folder\)$/)
    }
  })

  test('an output folder whose name is too long is an input error naming it, not a crash', async () => {
    const outDir = path.join(folder.path, 'x'.repeat(300))
    const error = await regenerateSnapshots(config, { outDir, prepareTarget: async (s) => twin(s) }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toMatch(/x{300}: cannot hold snapshots \(ENAMETOOLONG: /)
  })

  test('a target that cannot be prepared is an input error, not a failed release', async () => {
    const error = await regenerateSnapshots(config, {
      prepareTarget: async () => {
        throw new InputError('v0.9.5.ts: target module not found')
      },
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toBe('v0.9.5.ts: target module not found')
  })

  test('--out through a link to the committed folder, or inside it, is refused before anything is written', async () => {
    await regenerateSnapshots(config, { prepareTarget: async (s) => twin(s) })
    const before = await hashFolder(config.snapshots)
    const link = path.join(folder.path, 'link')
    await symlink(config.snapshots, link)
    const regenerate = (outDir: string, scale?: number) =>
      regenerateSnapshots(config, { outDir, ...(scale && { scale }), prepareTarget: async (s) => twin(s) })
    await expect(regenerate(link, 10)).rejects.toThrow(
      /link: scaled snapshots are never written to the committed snapshot folder/,
    )
    await expect(regenerate(path.join(link, 'large'), 10)).rejects.toThrow(
      /large: inside the committed snapshot folder/,
    )
    await expect(regenerate(path.join(config.snapshots, 'v0.9.5'))).rejects.toThrow(
      /inside the committed snapshot folder/,
    )
    expect(await hashFolder(config.snapshots)).toEqual(before)
    expect(await readdir(config.snapshots)).toEqual(['v0.1.0', 'v0.9.5'])
  })
})

describe('hashFolder', () => {
  test('changes when any file under the folder changes', async () => {
    await regenerateSnapshots(config, { prepareTarget: async (s) => twin(s), only: ['v0.1.0'] })
    const before = await hashFolder(config.snapshots)
    const schema = path.join(config.snapshots, 'v0.1.0', 'schema.sql')
    await writeFile(schema, (await readFile(schema, 'utf8')) + '\n')
    expect(await hashFolder(config.snapshots)).not.toEqual(before)
  })
})
