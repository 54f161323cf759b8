// Folders the harness is asked to make where the file system will not have one, though the folder above
// exists: /proc answers ENOENT, and Node's recursive mkdir then retries forever at full CPU. The CLI must
// say so in one line instead of hanging (a CI job would hang until its own time limit).
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '..')
const CLI = path.join(ROOT, 'bin/upgrade-harness.mjs')
const run = promisify(execFile)
/** Long enough for a run of one check; a hang is killed at this and fails the test. */
const HANG_MS = 30_000

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      timeout: HANG_MS,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number | null; signal: string | null; stdout: string; stderr: string }
    return { code: e.code ?? e.signal, stdout: e.stdout, stderr: e.stderr }
  }
}

describe.skipIf(!existsSync('/proc/self'))(
  'folders that cannot be made under /proc',
  { timeout: 60_000 },
  () => {
    test('snapshots regenerate --out under /proc is refused in one line, exit 2', async () => {
      const { code, stderr } = await cli([
        'snapshots',
        'regenerate',
        '--release',
        'v0.9.5',
        '--out',
        '/proc/uh-out',
      ])
      expect(stderr).toBe(
        "upgrade-harness: /proc/uh-out: cannot make the folder (ENOENT: no such file or directory, mkdir '/proc/uh-out')\n",
      )
      expect(code).toBe(2)
    })

    test('snapshots capture --dir under /proc is refused in one line, exit 2', async () => {
      const { code, stderr } = await cli([
        'snapshots',
        'capture',
        'snapshots/v1.0.0/db.sqlite',
        '--version',
        '1.0.0',
        '--dir',
        '/proc/uh-snaps',
      ])
      expect(stderr).toMatch(/^upgrade-harness: \/proc\/uh-snaps: cannot make the folder \(ENOENT[^\n]*\n$/)
      expect(code).toBe(2)
    })

    test('a GITHUB_STEP_SUMMARY under /proc is reported on stderr, and the run keeps its status', async () => {
      const { code, stderr } = await cli(['run', '--snapshot', 'v1.0.0', '--check', 'starts', '--quiet'], {
        GITHUB_STEP_SUMMARY: '/proc/uh-summary/summary.md',
      })
      expect(stderr).toBe(
        "upgrade-harness: GITHUB_STEP_SUMMARY: cannot write /proc/uh-summary/summary.md (ENOENT: no such file or directory, mkdir '/proc/uh-summary')\n",
      )
      expect(code).toBe(0)
    })

    test('TMPDIR=/proc: the run names the temporary folder in one line, exit 2 (no hang making the tsx cache)', async () => {
      const { code, stderr } = await cli(['run', '--snapshot', 'v1.0.0', '--check', 'starts', '--quiet'], {
        TMPDIR: '/proc',
      })
      expect(stderr).toMatch(
        /^upgrade-harness: temporary folder \/proc: [^\n]*it must be a writable folder \(TMPDIR moves it\)\n$/,
      )
      expect(code).toBe(2)
    })
  },
)
