// Bad input through the real CLI, as a release engineer meets it: each case ends with exit status 2 and
// one line naming the file and the problem (or, when the target itself fails, a failed check and exit 1),
// with no stack trace, no temporary folder and no child process left behind.
import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, readdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { dir } from 'tmp-promise'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { sha256File } from '../harness/snapshots/sha256-file.ts'
import { processGone } from '../harness/targets/test-package.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const CLI = path.join(ROOT, 'bin/upgrade-harness.mjs')
const run = promisify(execFile)

let work: { path: string; cleanup: () => Promise<void> }
let project: string
let tmp: string

/** Runs the CLI in the scratch project with its own TMPDIR, so leftovers can be seen. */
async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd: project,
      env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1', ...env },
      timeout: 60_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/** What the run left in its TMPDIR (tsx's own compile cache aside). */
async function leftovers(): Promise<string[]> {
  return (await readdir(tmp)).filter((name) => !name.startsWith('tsx-'))
}

/** A config in the scratch project, its snapshots in `snaps`, its target the given module. */
async function config(name: string, target: string, extra: Record<string, unknown> = {}): Promise<string> {
  const file = path.join(project, name)
  await writeFile(file, JSON.stringify({ snapshots: 'snaps', target: { module: target }, ...extra }))
  return name
}

/** A snapshots folder of its own whose manifest agrees with whatever its db.sqlite now holds. */
async function resealed(snaps: string, name: string, edit: (db: string) => Promise<void>): Promise<void> {
  const folder = path.join(project, snaps, name)
  await cp(path.join(ROOT, 'snapshots/v0.9.5'), folder, { recursive: true })
  await edit(path.join(folder, 'db.sqlite'))
  const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8'))
  await writeFile(
    path.join(folder, 'manifest.json'),
    JSON.stringify({ ...manifest, name, sha256: await sha256File(path.join(folder, 'db.sqlite')) }),
  )
}

beforeAll(async () => {
  work = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-bad-input-' })
  project = path.join(work.path, 'project')
  tmp = path.join(work.path, 'tmp')
  await mkdir(tmp, { recursive: true })
  await mkdir(path.join(project, 'snaps'), { recursive: true })
  await cp(path.join(ROOT, 'snapshots/v0.9.5'), path.join(project, 'snaps/v0.9.5'), { recursive: true })
  await writeFile(path.join(project, 'no-export.mjs'), 'export function somethingElse() {}\n')
  await writeFile(
    path.join(project, 'throws.mjs'),
    "export function initDb() { throw new Error('cannot open the pod bay doors') }\n",
  )
  await writeFile(
    path.join(project, 'hangs.mjs'),
    [
      "import { writeFileSync } from 'node:fs'",
      "import { spawn } from 'node:child_process'",
      'export function initDb(db) {',
      "  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })",
      "  writeFileSync('hangs.pids', `${process.pid} ${child.pid}`)",
      "  process.on('SIGTERM', () => {})",
      '  return new Promise(() => {})',
      '}',
      '',
    ].join('\n'),
  )
})
afterAll(() => work.cleanup())

const APP = path.join(ROOT, 'app/init-db.ts')

describe('bad input through the CLI', { timeout: 120_000 }, () => {
  test.for([
    [
      'a missing config',
      async () => ['run', '--config', 'nope.json'],
      /^upgrade-harness: nope\.json: config file not found$/,
    ],
    [
      'a malformed config',
      async () => {
        await writeFile(path.join(project, 'broken.json'), '{ "target": ')
        return ['run', '--config', 'broken.json']
      },
      /^upgrade-harness: broken\.json: invalid JSON/,
    ],
    [
      'a config with a misspelt field',
      async () => ['run', '--config', await config('typo.json', APP, { timeoutMS: 5 })],
      /^upgrade-harness: typo\.json: "timeoutMS" is not a known field \(did you mean "timeoutMs"\?\)$/,
    ],
    [
      'a snapshot folder without a manifest',
      async () => {
        await mkdir(path.join(project, 'snaps-empty/v1'), { recursive: true })
        await writeFile(
          path.join(project, 'c.json'),
          JSON.stringify({ snapshots: 'snaps-empty', target: { module: APP } }),
        )
        return ['run', '--config', 'c.json']
      },
      /^upgrade-harness: snaps-empty\/v1: no manifest\.json$/,
    ],
    [
      'a manifest whose sha256 does not match',
      async () => {
        await cp(path.join(ROOT, 'snapshots/v0.9.5'), path.join(project, 'snaps-sha/v0.9.5'), {
          recursive: true,
        })
        await writeFile(path.join(project, 'snaps-sha/v0.9.5/db.sqlite'), Buffer.alloc(4096, 1), {
          flag: 'a',
        })
        await writeFile(
          path.join(project, 's.json'),
          JSON.stringify({ snapshots: 'snaps-sha', target: { module: APP } }),
        )
        return ['run', '--config', 's.json']
      },
      /^upgrade-harness: snapshot "v0\.9\.5": sha256 is [0-9a-f]+\.\.\., manifest says [0-9a-f]+\.\.\./,
    ],
    [
      'a file that is not SQLite',
      async () => {
        await resealed('snaps-csv', 'not-sqlite', (db) => writeFile(db, 'name,slug\nhello,world\n'))
        await writeFile(
          path.join(project, 'n.json'),
          JSON.stringify({ snapshots: 'snaps-csv', target: { module: APP } }),
        )
        return ['run', '--config', 'n.json']
      },
      /^upgrade-harness: snapshot "not-sqlite": snaps-csv\/not-sqlite\/db\.sqlite: not a SQLite database/,
    ],
    [
      'a manifest recording a migration file outside the migrations folder',
      async () => {
        await resealed('snaps-escape', 'v0.9.5', async () => {})
        const file = path.join(project, 'snaps-escape/v0.9.5/manifest.json')
        const manifest = JSON.parse(await readFile(file, 'utf8'))
        await writeFile(
          file,
          JSON.stringify({ ...manifest, migrations: { '../../secrets.sql': 'a'.repeat(64) } }),
        )
        return ['run', '--config', await config('x.json', APP, { snapshots: 'snaps-escape' })]
      },
      /^upgrade-harness: snaps-escape\/v0\.9\.5\/manifest\.json: "migrations" key "\.\.\/\.\.\/secrets\.sql" must be a path inside the migrations folder/,
    ],
    [
      'a file that is not SQLite, inspected',
      async () => ['inspect', 'hangs.mjs'],
      /^upgrade-harness: .*hangs\.mjs: not a SQLite database$/,
    ],
    [
      'a truncated database in a snapshot',
      async () => {
        await resealed('snaps-short', 'truncated', (db) => truncate(db, 8192))
        await writeFile(
          path.join(project, 't.json'),
          JSON.stringify({ snapshots: 'snaps-short', target: { module: APP } }),
        )
        return ['run', '--config', 't.json']
      },
      /^upgrade-harness: snapshot "truncated": .*truncated/,
    ],
    [
      'a target module that does not exist',
      async () => ['run', '--config', await config('m.json', 'missing.ts')],
      /missing\.ts: target module not found \(the "target" of m\.json\)$/,
    ],
    [
      'a target that does not export the function',
      async () => ['run', '--config', await config('e.json', 'no-export.mjs')],
      /no-export\.mjs: does not export a function "initDb"; it exports "somethingElse" \(the "target" of e\.json\)$/,
    ],
    [
      'a snapshots folder that does not exist',
      async () => ['run', '--config', await config('s.json', APP, { snapshots: 'no-snaps' })],
      /^upgrade-harness: no-snaps: snapshot folder not found \(the "snapshots" of s\.json\)$/,
    ],
    [
      'a snapshots folder that does not exist, verified',
      async () => ['snapshots', 'verify', '--config', await config('v.json', APP, { snapshots: 'no-snaps' })],
      /^upgrade-harness: no-snaps: snapshot folder not found \(the "snapshots" of v\.json\)$/,
    ],
    [
      'an unknown check',
      async () => ['run', '--config', await config('k.json', APP), '--check', 'fast'],
      /--check fast: no such check/,
    ],
    ['an unknown option', async () => ['run', '--colour'], /run: Unknown option '--colour'/],
    ['a folder, inspected', async () => ['inspect', 'snaps'], /^upgrade-harness: .*snaps: not a file$/],
    [
      'a report file inside the snapshots folder (before the run)',
      async () => ['run', '--config', await config('o.json', APP), '--out', 'snaps/v0.9.5/db.sqlite'],
      /^upgrade-harness: --out snaps\/v0\.9\.5\/db\.sqlite: inside the snapshots folder snaps, which is never written to$/,
    ],
    [
      'a report file through a link to a file not yet in the snapshots folder',
      async () => {
        await symlink(path.join(project, 'snaps/v0.9.5/report.txt'), path.join(project, 'dangling.txt'))
        return ['run', '--config', await config('d.json', APP), '--out', 'dangling.txt']
      },
      /^upgrade-harness: --out dangling\.txt: inside the snapshots folder snaps, which is never written to$/,
    ],
    [
      'a report file that cannot be written (before the run)',
      async () => ['run', '--config', await config('w.json', APP), '--out', 'hangs.mjs/report.txt'],
      /^upgrade-harness: --out hangs\.mjs\/report\.txt: cannot write .*hangs\.mjs\/report\.txt \(/,
    ],
    [
      'a report file where no file can be made, even by root (before the run)',
      async () => [
        'run',
        '--config',
        await config('p.json', APP),
        '--out',
        '/proc/upgrade-harness-report.txt',
      ],
      /^upgrade-harness: --out \/proc\/upgrade-harness-report\.txt: cannot write \/proc\/upgrade-harness-report\.txt \(/,
    ],
  ] as const)('%s: exit 2, one line, no stack trace, nothing left behind', async ([, setup, message]) => {
    const result = await cli(await setup())
    expect(result.code, result.stderr).toBe(2)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(message)
    expect(result.stderr).not.toMatch(/^\s+at /m)
    expect(await leftovers()).toEqual([])
  })

  test.for([
    ['a file', 'tmpdir-file'],
    ['missing, under a file', 'tmpdir-file/tmp'],
  ] as const)(
    'a TMPDIR that is %s is named: exit 2, not a crash of the CLI or a failed start',
    async ([, name]) => {
      const file = path.join(work.path, 'tmpdir-file')
      await writeFile(file, '')
      const scratch = path.join(work.path, name)
      try {
        const result = await cli(['run', '--config', await config('app.json', APP), '--check', 'starts'], {
          TMPDIR: scratch,
        })
        expect(result).toMatchObject({ code: 2, stdout: '' })
        expect(result.stderr).toBe(
          `upgrade-harness: temporary folder ${scratch}: making a folder failed: ENOTDIR: not a directory; ` +
            'it must be a writable folder (TMPDIR moves it)\n',
        )
      } finally {
        await rm(file)
      }
    },
  )

  test('a snapshot replaced during the run (a git checkout meanwhile) stops it: exit 2, one line, nothing left behind', async () => {
    await cp(path.join(ROOT, 'snapshots/v0.9.5'), path.join(project, 'snaps-checkout/v0.9.5'), {
      recursive: true,
    })
    const snapshot = path.join(project, 'snaps-checkout/v0.9.5/db.sqlite')
    // Its first start (the fresh database's, or the first upgrade's) puts another release's database where
    // the snapshot was, as `git checkout` of another branch does; concurrent-start copies the snapshot later.
    // Those two starts run at once: only the one that creates the marker first (`wx`) swaps the file.
    await writeFile(
      path.join(project, 'checkout.mjs'),
      [
        "import { closeSync, copyFileSync, openSync, renameSync, writeFileSync } from 'node:fs'",
        'function first() {',
        '  try {',
        `    closeSync(openSync(${JSON.stringify(snapshot + '.done')}, 'wx'))`,
        '    return true',
        '  } catch {',
        '    return false',
        '  }',
        '}',
        'export function initDb(db) {',
        '  if (first()) {',
        `    copyFileSync(${JSON.stringify(path.join(ROOT, 'snapshots/v1.0.0/db.sqlite'))}, ${JSON.stringify(snapshot + '.new')})`,
        `    renameSync(${JSON.stringify(snapshot + '.new')}, ${JSON.stringify(snapshot)})`,
        '  }',
        "  writeFileSync(db, '', { flag: 'a' })",
        '}',
        '',
      ].join('\n'),
    )
    await writeFile(
      path.join(project, 'checkout.json'),
      JSON.stringify({ snapshots: 'snaps-checkout', target: { module: 'checkout.mjs' } }),
    )
    const result = await cli(['run', '--config', 'checkout.json', '--check', 'concurrent-start'])
    expect(result.code, result.stdout + result.stderr).toBe(2)
    expect(result.stderr).toBe(
      'upgrade-harness: snapshot "v0.9.5": snaps-checkout/v0.9.5/db.sqlite changed after its sha256 was checked ' +
        '(during this run): run again\n',
    )
    expect(await leftovers()).toEqual([])
  })

  test('a target that throws fails `starts` (exit 1) and quotes the error', async () => {
    const result = await cli([
      'run',
      '--config',
      await config('throws.json', 'throws.mjs'),
      '--check',
      'starts',
    ])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('v0.9.5 › starts: initDb failed: Error: cannot open the pod bay doors')
    expect(await leftovers()).toEqual([])
  })

  test.for([
    [{ table: 'nope', column: 'x' }, 'has no table "nope"'],
    [
      { table: 'schema_migrations', column: 'nope' },
      'has no readable schema_migrations.nope (no such column',
    ],
  ] as const)(
    'a history setting that does not fit the database the target builds fails `history`, saying so: %o',
    async ([history, problem]) => {
      const name = await config(`history-${history.column}.json`, APP, { history })
      const result = await cli(['run', '--config', name, '--check', 'history', '--check', 'refuses-newer'])
      expect(result.code).toBe(1)
      expect(result.stdout).toContain(`v0.9.5 › history: the database the target builds ${problem}`)
      expect(result.stdout).toContain('a wrong "history" setting in the config, or a target that no longer')
      expect(result.stdout).toContain(
        'v0.9.5 › refuses-newer: cannot add an unknown migration: the upgraded database has no',
      )
      expect(result.stdout).not.toContain('check crashed')
      expect(await leftovers()).toEqual([])
    },
  )

  test('a run refused for other bad input makes no folder for its report', async () => {
    const result = await cli([
      'run',
      '--config',
      await config('r.json', APP),
      '--snapshot',
      'nope',
      '--out',
      'reports/deep/r.txt',
    ])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^upgrade-harness: --snapshot nope: no such snapshot/)
    expect(existsSync(path.join(project, 'reports'))).toBe(false)
  })

  test('a job summary that cannot be written is reported, and the run keeps its status', async () => {
    const name = await config('throws-summary.json', 'throws.mjs')
    const args = ['run', '--config', name, '--check', 'starts', '--quiet']
    const result = await cli(args, { GITHUB_STEP_SUMMARY: path.join(project, 'hangs.mjs/summary.md') })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('v0.9.5 › starts: initDb failed')
    expect(result.stderr).toMatch(/^upgrade-harness: GITHUB_STEP_SUMMARY: cannot write .*summary\.md \(/)
  })

  test('a target that succeeds without making the database fails the checks that compare with it', async () => {
    await writeFile(path.join(project, 'noop.mjs'), 'export function initDb() {}\n')
    const name = await config('noop.json', 'noop.mjs')
    const result = await cli([
      'run',
      '--config',
      name,
      '--check',
      'starts',
      '--check',
      'matches-fresh',
      '--quiet',
    ])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      'v0.9.5 › matches-fresh: the target fails on an empty database: exited 0 but made no database file',
    )
    expect(await leftovers()).toEqual([])
  })

  test('a target that hangs, forks and ignores SIGTERM is killed at timeoutMs, with everything it started', async () => {
    const name = await config('hangs.json', 'hangs.mjs', { timeoutMs: 1500 })
    const result = await cli(['run', '--config', name, '--check', 'starts'])
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/v0\.9\.5 › starts: initDb failed: timed out after 1500 ms/)
    expect(await leftovers()).toEqual([])
    // The target wrote its own pid and its child's (module targets run in the config's folder).
    const pids = (await readFile(path.join(project, 'hangs.pids'), 'utf8')).split(' ').map(Number)
    expect(pids).toHaveLength(2)
    for (const pid of pids) expect(await processGone(pid), `pid ${pid} still running`).toBe(true)
  })

  test('Ctrl-C during a run removes its working copies and bundles and ends its children', async () => {
    const child = spawn(process.execPath, [CLI, 'run', '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: tmp },
      stdio: 'ignore',
    })
    const exited = new Promise<NodeJS.Signals | null>((done) =>
      child.on('exit', (_code, signal) => done(signal)),
    )
    // Wait until the run is well under way: working copies exist and targets are starting.
    for (let i = 0; i < 200 && (await leftovers()).length < 2; i++)
      await new Promise((r) => setTimeout(r, 50))
    expect((await leftovers()).length).toBeGreaterThan(0)
    await new Promise((r) => setTimeout(r, 500))
    child.kill('SIGINT')
    expect(await exited).toBe('SIGINT')
    expect(await leftovers()).toEqual([])
    const bundles = await readdir(path.join(ROOT, 'node_modules/.cache/upgrade-harness')).catch(() => [])
    expect(bundles.filter((name) => name.startsWith(`${child.pid}-`))).toEqual([])
  })
})
