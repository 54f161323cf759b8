// The GitHub workflow is executed, not only validated: its gate step runs as bash, with `npm run gate`
// standing in for a quick failing gate, and must leave the reports a failing run is for.
import { execFile } from 'node:child_process'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { dir } from 'tmp-promise'
import { describe, expect, test } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '..')
const workflow = await readFile(path.join(ROOT, '.github/workflows/upgrade-gate.yml'), 'utf8')

/** The lines of one job, from its key to the next job's. */
function jobLines(job: string): string[] {
  const lines = workflow.split('\n')
  const from = lines.indexOf(`  ${job}:`)
  if (from === -1) throw new Error(`workflow has no job "${job}"`)
  const end = lines.findIndex((line, i) => i > from && /^ {2}\S/.test(line))
  return lines.slice(from, end === -1 ? undefined : end)
}

/** The shell script of the step whose name starts with `name`, in `job` (`run: cmd` or `run: |` block). */
function stepScript(job: string, name: string): string {
  const lines = jobLines(job)
  const step = lines.findIndex((line) => line.trimStart().startsWith(`- name: ${name}`))
  if (step === -1) throw new Error(`job "${job}" has no step "${name}"`)
  return scriptAt(
    lines,
    lines.findIndex((line, i) => i > step && /^[\s-]+run:/.test(line)),
  )
}

/** Every step's shell script in `job`. */
function jobScripts(job: string): string[] {
  const lines = jobLines(job)
  return lines.flatMap((line, at) => (/^[\s-]+run:/.test(line) ? [scriptAt(lines, at)] : []))
}

function scriptAt(lines: string[], at: number): string {
  const runLine = lines[at]!
  const inline = /run:\s*(.*)$/.exec(runLine)![1]!
  if (inline !== '|') return inline
  const indent = runLine.search(/\S/)
  const body: string[] = []
  for (const line of lines.slice(at + 1)) {
    if (line.trim() !== '' && line.search(/\S/) <= indent) break
    body.push(line)
  }
  const margin = Math.min(...body.filter((l) => l.trim()).map((l) => l.search(/\S/)))
  return body.map((l) => l.slice(margin)).join('\n')
}

/** The test files a job's vitest steps run: each `npx vitest run ...` listed instead of run. */
async function filesRunBy(job: string): Promise<string[]> {
  const files: string[] = []
  for (const script of jobScripts(job).filter((s) => s.includes('npx vitest run'))) {
    const listing = script
      .replace('npx vitest run', 'npx vitest list --filesOnly')
      .replace(/\$\{\{[^}]*\}\}/g, '1')
    const { stdout } = await execFileAsync('bash', ['-e', '-c', listing], { cwd: ROOT })
    files.push(...stdout.split('\n').filter(Boolean))
  }
  return files
}

describe('the workflow', { timeout: 60_000 }, () => {
  test('the gate job runs the gate once', () => {
    const runs =
      jobLines('gate')
        .join('\n')
        .match(/npm run gate|upgrade-harness run/g) ?? []
    expect(runs, 'a second run repeats the gate and appends a second report to the job summary').toHaveLength(
      1,
    )
  })

  test('every test file runs in exactly one job: the matrix only in its shards', async () => {
    const { stdout } = await execFileAsync('npx', ['vitest', 'list', '--filesOnly'], { cwd: ROOT })
    const all = stdout.split('\n').filter(Boolean).sort()
    const jobs = ['test', 'matrix', 'containers']
    const runs = (await Promise.all(jobs.map(filesRunBy))).flat().sort()
    // A file run by two jobs runs twice; the unsharded matrix in the test job would defeat the shards.
    expect(runs).toEqual(all)
    expect(await filesRunBy('matrix')).toEqual(['scenarios/upgrade.test.ts'])
  })

  test('a failing gate step fails, with its JUnit file, its job summary, and that summary as markdown', async () => {
    await using work = await scratch()
    // `npm run gate -- ARGS`: the real CLI, on one snapshot the rc.1 release fails to start.
    const bin = path.join(work.path, 'bin')
    await mkdir(bin)
    await writeFile(
      path.join(bin, 'npm'),
      [
        '#!/bin/sh',
        'shift 3',
        `exec "${process.execPath}" "${ROOT}/bin/upgrade-harness.mjs" run --config "${ROOT}/upgrade-harness.config.ts" ` +
          `--target "module:${ROOT}/app/releases/v1.0.0-rc.1/init-db.ts" --snapshot v0.9.5 --check starts --quiet "$@"`,
        '',
      ].join('\n'),
    )
    await chmod(path.join(bin, 'npm'), 0o755)
    const summary = path.join(work.path, 'step-summary.md')
    await writeFile(summary, '')
    const script = stepScript('gate', 'the gate')
    const code = await execFileAsync('bash', ['-e', '-c', script], {
      cwd: work.path,
      env: { ...process.env, PATH: `${bin}:${process.env['PATH']}`, GITHUB_STEP_SUMMARY: summary },
    }).then(
      () => 0,
      (error: { code: number }) => error.code,
    )
    expect(code).toBe(1)
    const markdown = await readFile(summary, 'utf8')
    expect(markdown).toContain('no such column: token_hash')
    expect(await readFile(path.join(work.path, 'reports/upgrade-gate.md'), 'utf8')).toBe(markdown)
    expect(await readFile(path.join(work.path, 'reports/upgrade-gate.xml'), 'utf8')).toContain('<failure')
  })
})

const execFileAsync = promisify(execFile)

async function scratch() {
  const d = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-workflow-' })
  return { path: d.path, [Symbol.asyncDispose]: () => d.cleanup() }
}
