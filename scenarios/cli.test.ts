// The CLI's commands end to end, in-process through `main()`: exit statuses, the JSON shape, report
// files, the CI summary, capture and verify, inspect and diff.
import Database from 'better-sqlite3'
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { dir } from 'tmp-promise'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CliIo } from '../harness/cli/command-spec.ts'
import { main } from '../harness/cli/main.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
let work: { path: string; cleanup: () => Promise<void> }

beforeAll(async () => {
  work = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-cli-' })
})
afterAll(() => work.cleanup())

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliIn(ROOT, ...argv)
}

async function cliIn(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliWith({ cwd }, ...argv)
}

async function cliWith(
  options: Pick<CliIo, 'cwd' | 'columns'>,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  const io: CliIo & { out: string; err: string } = {
    out: '',
    err: '',
    ...options,
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
  }
  const code = await main(argv, io)
  return { code, out: io.out, err: io.err }
}

/** The gate of rc.1, whose start fails on v0.9.5's database (`no such column: token_hash`). */
const RC1_ON_V095 = ['run', '--target', 'module:app/releases/v1.0.0-rc.1/init-db.ts', '--snapshot', 'v0.9.5']

describe('the CLI', { timeout: 120_000 }, () => {
  test('run --reporter json prints the contract shape; --out writes the report and a text summary', async () => {
    const json = await cli(
      'run',
      '--snapshot',
      'v1.0.0',
      '--snapshot', // named twice, run once
      'v1.0.0',
      '--check',
      'starts',
      '--check',
      'integrity',
      '--reporter',
      'json',
      '--quiet',
    )
    expect(json.code).toBe(0)
    const report = JSON.parse(json.out)
    expect(Object.keys(report)).toEqual(['ok', 'target', 'results', 'warnings'])
    expect(report).toMatchObject({ ok: true, target: 'module:app/init-db.ts#initDb' })
    expect(report.results).toHaveLength(2)
    for (const r of report.results)
      expect(Object.keys(r)).toEqual(['snapshot', 'check', 'status', 'ms', 'message'])

    const junit = path.join(work.path, 'reports/ci/gate.xml') // a folder that does not exist yet, as in CI
    const out = await cli(
      'run',
      '--snapshot',
      'v1.0.0',
      '--check',
      'starts',
      '--reporter',
      'junit',
      '--out',
      junit,
      '--quiet',
    )
    expect(out.code).toBe(0)
    expect(out.out).toContain('1 passed, 0 failed, 0 skipped')
    expect(await readFile(junit, 'utf8')).toMatch(
      /<testcase classname="v1\.0\.0" name="starts" time="[\d.]+"\/>/,
    )
  })

  test('a failing run appends its markdown matrix and diff to GITHUB_STEP_SUMMARY', async () => {
    const summary = path.join(work.path, 'summary.md')
    await writeFile(summary, '# earlier step\n')
    process.env['GITHUB_STEP_SUMMARY'] = summary
    try {
      const result = await cli(...RC1_ON_V095, '--check', 'starts', '--quiet')
      expect(result.code).toBe(1)
    } finally {
      delete process.env['GITHUB_STEP_SUMMARY']
    }
    const text = await readFile(summary, 'utf8')
    expect(text).toMatch(/^# earlier step\n### upgrade-harness: failed/)
    expect(text).toContain('| v0.9.5 | ❌ fail |')
    expect(text).toContain('initDb failed: SqliteError: no such column: token_hash')
  })

  test('--out naming GITHUB_STEP_SUMMARY gets the markdown report once, after what was there; another format is refused', async () => {
    const summary = path.join(work.path, 'summary-out.md')
    await writeFile(summary, '# earlier step\n')
    process.env['GITHUB_STEP_SUMMARY'] = summary
    try {
      const markdown = await cli(
        ...RC1_ON_V095,
        '--check',
        'starts',
        '--quiet',
        '--reporter',
        'markdown',
        '--out',
        summary,
      )
      expect(markdown.code).toBe(1)
      const junit = await cli(
        ...RC1_ON_V095,
        '--check',
        'starts',
        '--quiet',
        '--reporter',
        'junit',
        '--out',
        summary,
      )
      expect(junit).toMatchObject({ code: 2, out: '' })
      expect(junit.err).toBe(
        `upgrade-harness: --out ${summary}: is the GITHUB_STEP_SUMMARY file, which gets the markdown report (give another file, or --reporter markdown)\n`,
      )
    } finally {
      delete process.env['GITHUB_STEP_SUMMARY']
    }
    const text = await readFile(summary, 'utf8')
    expect(text).toMatch(/^# earlier step\n### upgrade-harness: failed/)
    expect(text.split('### upgrade-harness').length - 1).toBe(1)
  })

  // `history` needs the upgraded database; `budget` runs whatever the start did. Neither may skip a start
  // that failed when no `starts` result reports it.
  test.for(['history', 'budget'])(
    'a run of %s without the starts check fails, not skips, a snapshot the target cannot start on',
    async (check) => {
      const result = await cli(...RC1_ON_V095, '--check', check, '--reporter', 'json', '--quiet')
      expect(result.code).toBe(1)
      const report = JSON.parse(result.out)
      expect(report.ok).toBe(false)
      expect(report.results).toEqual([
        expect.objectContaining({
          check,
          status: 'fail',
          message: 'the target did not start (SqliteError: no such column: token_hash)',
        }),
      ])
    },
  )

  test('diff exits 0 for the same schema and 1 with the structural diff; inspect --json prints the model', async () => {
    const same = await cli('diff', 'snapshots/v0.9.5/db.sqlite', 'snapshots/v0.9.5-workaround/db.sqlite')
    expect(same.code).toBe(1)
    expect(same.out).toContain('column token_hash: only in snapshots/v0.9.5-workaround/db.sqlite')
    const equal = await cli('diff', 'snapshots/v0.9.5/db.sqlite', 'snapshots/v0.9.5/db.sqlite')
    expect(equal.code).toBe(0)
    const model = await cli('inspect', 'snapshots/v1.0.0/db.sqlite', '--json')
    expect(model.code).toBe(0)
    expect(JSON.parse(model.out)).toHaveProperty('tables')
  })

  test('snapshots capture makes a snapshot that verify and run accept; a second capture to the same name is refused', async () => {
    const source = path.join(work.path, 'backup.sqlite')
    await copyFile(path.join(ROOT, 'snapshots/v1.0.0/db.sqlite'), source)
    const rules = path.join(work.path, 'scrub.json')
    await writeFile(rules, JSON.stringify({ 'sessions.ip_address': 'null', 'notes.content': 'fake' }))
    const dirArg = path.join(work.path, 'snaps')
    const captured = await cli(
      'snapshots',
      'capture',
      source,
      '--version',
      '1.0.0',
      '--name',
      'prod',
      '--dir',
      dirArg,
      '--scrub',
      rules,
    )
    expect(captured.code, captured.err).toBe(0)
    expect(captured.out).toMatch(
      /^captured prod \(1\.0\.0\): \d+ tables, \d+ rows, sha256 [0-9a-f]{12}\.\.\.$/m,
    )

    const config = path.join(work.path, 'c.json')
    await writeFile(
      config,
      JSON.stringify({ snapshots: dirArg, target: { module: path.join(ROOT, 'app/init-db.ts') } }),
    )
    const verify = await cli('snapshots', 'verify', '--config', config)
    expect(verify.out).toContain('1 snapshot verified')
    const gate = await cli(
      'run',
      '--config',
      config,
      '--check',
      'starts',
      '--check',
      'data-preserved',
      '--quiet',
    )
    expect(gate.code, gate.out).toBe(0)

    const again = await cli(
      'snapshots',
      'capture',
      source,
      '--version',
      '1.0.0',
      '--name',
      'prod',
      '--dir',
      dirArg,
    )
    expect(again.code).toBe(2)
    expect(again.err.trim().split('\n')).toHaveLength(1)

    // Without --name, a version written with its "v" names the snapshot v1.0.0-captured, not vv1.0.0-...
    const named = await cli('snapshots', 'capture', source, '--version', 'v1.0.0', '--dir', dirArg)
    expect(named.code, named.err).toBe(0)
    expect(named.out).toMatch(/^captured v1\.0\.0-captured \(1\.0\.0\)/m)
  })

  test('run on a narrow terminal prints a line per snapshot; the report file keeps the matrix', async () => {
    const file = path.join(work.path, 'narrow.txt')
    const run = ['run', '--snapshot', 'v1.0.0', '--check', 'starts', '--check', 'integrity', '--quiet']
    const narrow = await cliWith({ cwd: ROOT, columns: 20 }, ...run, '--out', file)
    expect(narrow.code, narrow.err).toBe(0)
    expect(narrow.out).toMatch(/^v1\.0\.0 {4}all 2 pass$/m)
    expect(await readFile(file, 'utf8')).toMatch(/^snapshot\s+starts\s+integrity$/m)
    const wide = await cliWith({ cwd: ROOT, columns: 200 }, ...run)
    expect(wide.out).toMatch(/^v1\.0\.0\s+pass\s+pass$/m)
  })

  test("snapshots capture takes the config's history and snapshots folder: a history table of another name is never hashed", async () => {
    const project = path.join(work.path, 'own-history')
    await mkdir(project)
    const source = path.join(project, 'backup.sqlite')
    const db = new Database(source)
    db.exec(`CREATE TABLE applied (name TEXT PRIMARY KEY); INSERT INTO applied VALUES ('001_users');
             CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO users (email) VALUES ('a@example.org');`)
    db.close()
    const config = {
      snapshots: 'db-snapshots',
      target: { module: 'init.ts' },
      history: { table: 'applied', column: 'name' },
    }
    await writeFile(path.join(project, 'upgrade-harness.config.json'), JSON.stringify(config))

    const captured = await cliIn(
      project,
      'snapshots',
      'capture',
      'backup.sqlite',
      '--version',
      '1.0.0',
      '--scrub-default',
      'hash',
    )
    expect(captured.code, captured.err).toBe(0)
    const schemaSql = await readFile(path.join(project, 'db-snapshots/v1.0.0-captured/schema.sql'), 'utf8')
    expect(schemaSql).toContain('applied.name: 001_users')
    const image = new Database(path.join(project, 'db-snapshots/v1.0.0-captured/db.sqlite'), {
      readonly: true,
    })
    try {
      expect(image.prepare('SELECT name FROM applied').pluck().all()).toEqual(['001_users'])
      expect(image.prepare('SELECT email FROM users').pluck().get()).not.toBe('a@example.org')
    } finally {
      image.close()
    }

    // A config named with --config is read from wherever it is; a broken one is one line, exit 2.
    await writeFile(path.join(project, 'broken.json'), '{')
    const broken = await cliIn(
      work.path,
      'snapshots',
      'capture',
      source,
      '--version',
      '1.0.0',
      '--config',
      path.join(project, 'broken.json'),
    )
    expect(broken.code).toBe(2)
    expect(broken.err).toMatch(/broken\.json: invalid JSON/)
    expect(broken.err.trim().split('\n')).toHaveLength(1)
  })

  test('snapshots regenerate --release names the releases there are when it names none of them', async () => {
    const result = await cli('snapshots', 'regenerate', '--check', '--release', 'v9')
    expect(result.code).toBe(2)
    expect(result.err).toBe(
      'upgrade-harness: --release v9: no such release in upgrade-harness.config.ts (releases: v0.1.0, v0.9.5, v0.9.5-workaround, v1.0.0-rc.1, v1.0.0)\n',
    )
  })

  test('snapshots regenerate refuses --scale into the committed folder, and --check with --out or --scale', async () => {
    const result = await cli('snapshots', 'regenerate', '--scale', '10')
    expect(result.code).toBe(2)
    expect(result.err).toContain('give --out D')
    for (const extra of [
      ['--out', work.path],
      ['--scale', '3', '--out', work.path],
    ]) {
      const both = await cli('snapshots', 'regenerate', '--check', ...extra)
      expect(both.code).toBe(2)
      expect(both.err).toContain(
        '--check rebuilds in a temporary folder and compares with the committed snapshots',
      )
    }
  })
  test('snapshots regenerate with a failing release says the others were built but not written', async () => {
    const app = path.join(work.path, 'half-app')
    await mkdir(app)
    await writeFile(
      path.join(app, 'bad.mjs'),
      `export function initDb() { throw new Error('no such column: token_hash') }\n`,
    )
    const config = path.join(app, 'upgrade-harness.config.json')
    await writeFile(
      config,
      JSON.stringify({
        target: { module: 'bad.mjs' },
        history: { pragma: 'user_version' },
        releases: [
          {
            name: 'v0.1.0',
            version: '0.1.0',
            target: { module: path.join(ROOT, 'app/releases/v0.1.0/init-db.ts') },
          },
          { name: 'v2.0.0', version: '2.0.0', target: { module: 'bad.mjs' } },
        ],
      }),
    )
    const result = await cli('snapshots', 'regenerate', '--config', config)
    expect(result.code).toBe(1)
    expect(result.out.split('\n')[0]).toBe('built v0.1.0 (not written: another release failed)')
    expect(result.out).toMatch(/^FAIL {2}v2\.0\.0: .*no such column: token_hash/m)
    // Nothing written, so not even the snapshots folder it made for them is left.
    expect(await readdir(app)).toEqual(['bad.mjs', 'upgrade-harness.config.json'])
  })
})
