import { constants } from 'node:fs'
import { access, appendFile, open, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { runGate } from '../../checks/run-gate.ts'
import type { CheckResult } from '../../checks/types.ts'
import { loadConfig } from '../../config/load-config.ts'
import { errorMessage, InputError } from '../../errors.ts'
import { renderMarkdown } from '../../report/render-markdown.ts'
import { REPORTERS, renderReport } from '../../report/render-report.ts'
import { renderText, STATUS_MARK } from '../../report/render-text.ts'
import { displayPath } from '../../snapshots/display-path.ts'
import { makeFolders } from '../../snapshots/make-folders.ts'
import { isWithin, nearestExisting, realLocation } from '../../snapshots/real-location.ts'
import { parseTargetFlag } from '../../targets/parse-target-flag.ts'
import type { TargetSpec } from '../../targets/target.ts'
import type { CommandSpec } from '../command-spec.ts'
import { listValue, stringValue } from '../values.ts'

/** `upgrade-harness run`: the gate. */
export const runCommand: CommandSpec = {
  words: ['run'],
  args: '',
  arity: [0, 0],
  summary:
    'Start the target on a copy of every snapshot and run every check. Exit 0 when all pass, 1 when a check fails, 2 on bad input.',
  options: [
    {
      name: 'config',
      value: 'F',
      help: 'config file (default: upgrade-harness.config.{ts,mjs,js,json} here)',
    },
    {
      name: 'target',
      value: 'module:PATH[#export]',
      help: "start this target instead of the config's (also command:'PROGRAM ARGS {db}', its words split and quoted as by a POSIX shell)",
    },
    { name: 'snapshot', value: 'NAME', multiple: true, help: 'only this snapshot (repeatable)' },
    { name: 'check', value: 'NAME', multiple: true, help: 'only this check (repeatable)' },
    { name: 'reporter', value: Object.keys(REPORTERS).join('|'), help: 'report format (default: text)' },
    { name: 'out', value: 'F', help: 'write the report to F (a text summary still goes to stdout)' },
    { name: 'quiet', help: 'no progress lines on stderr' },
  ],
  details: 'When GITHUB_STEP_SUMMARY is set, the markdown report is appended to that file as well.',
  async run(args, io) {
    const config = await loadConfig(stringValue(args, 'config'), io.cwd)
    const reporter = stringValue(args, 'reporter') ?? 'text'
    renderReport({ ok: true, target: '', results: [], warnings: [], ms: 0 }, reporter) // reject a bad name before any work
    const out = stringValue(args, 'out')
    const outFile = out === undefined ? undefined : path.resolve(io.cwd, out)
    // A report that cannot be written is found out before the run, not after it.
    if (outFile) await checkReportFile(outFile, `--out ${out}`, config.snapshots)
    const summaryFile = process.env['GITHUB_STEP_SUMMARY'] || undefined
    // `--reporter markdown --out "$GITHUB_STEP_SUMMARY"` asks for what the summary gets anyway: appended
    // once, not written over what earlier commands of the step put there and then appended again.
    const outIsSummary =
      outFile !== undefined &&
      summaryFile !== undefined &&
      realLocation(outFile) === realLocation(path.resolve(summaryFile))
    if (outIsSummary && reporter !== 'markdown') {
      throw new InputError(
        `--out ${out}: is the GITHUB_STEP_SUMMARY file, which gets the markdown report (give another file, or --reporter markdown)`,
      )
    }
    const targetFlag = stringValue(args, 'target')
    const quiet = args.values['quiet'] === true
    const report = await runGate(config, {
      snapshots: listValue(args, 'snapshot'),
      checks: listValue(args, 'check'),
      ...(targetFlag !== undefined && { target: resolveTargetFlag(targetFlag, io.cwd) }),
      onResult: quiet
        ? undefined
        : (r: CheckResult) =>
            io.stderr(`  ${STATUS_MARK[r.status]}  ${r.snapshot} › ${r.check} (${Math.round(r.ms)} ms)\n`),
    })
    const rendered = renderReport(report, reporter)
    if (outFile) {
      try {
        await writeReport(outFile, rendered, `--out ${out}`, { append: outIsSummary })
      } catch (error) {
        io.stdout(rendered) // the run's results are not lost with the file
        throw error
      }
      io.stdout(renderText(report, { width: io.columns }))
    } else {
      io.stdout(reporter === 'text' ? renderText(report, { width: io.columns }) : rendered)
    }
    if (summaryFile && !outIsSummary) {
      // The job summary is an extra: failing to write it says so, and the run's status stands.
      await writeReport(summaryFile, renderMarkdown(report), 'GITHUB_STEP_SUMMARY', { append: true }).catch(
        (error: unknown) => io.stderr(`upgrade-harness: ${errorMessage(error)}\n`),
      )
    }
    return report.ok ? 0 : 1
  },
}

/** A `--target` flag's spec, its module path taken from where the command runs (not the config's folder). */
function resolveTargetFlag(flag: string, cwd: string): TargetSpec {
  const spec = parseTargetFlag(flag)
  return 'module' in spec
    ? { ...spec, module: path.resolve(cwd, spec.module) }
    : { ...spec, cwd: spec.cwd ?? cwd }
}

/**
 * Throws InputError unless `file` can be written: outside the snapshots folder (committed snapshots are
 * never written to), not a folder, and in a folder that may be written to (its nearest existing folder,
 * when the rest is made at the end). Makes nothing: a run refused later leaves no folders behind.
 */
async function checkReportFile(file: string, what: string, snapshots: string): Promise<void> {
  if (isWithin(file, snapshots)) {
    throw new InputError(
      `${what}: inside the snapshots folder ${displayPath(snapshots)}, which is never written to`,
    )
  }
  try {
    const { path: at, stats } = nearestExisting(file)
    if (at === file && stats.isDirectory()) throw new Error('it is a folder')
    if (at !== file && !stats.isDirectory()) throw new Error(`${at} is not a folder`)
    await access(at, constants.W_OK)
    // Permission bits do not bind root, nor say whether a file system takes new files (/proc, a full
    // or read-only mount): open what will be written, or make and remove a file where it will be.
    if (at === file) await (await open(file, 'r+')).close()
    else {
      const probe = path.join(at, `.upgrade-harness-probe-${process.pid}`)
      await (await open(probe, 'wx')).close()
      await rm(probe, { force: true })
    }
  } catch (error) {
    throw new InputError(`${what}: cannot write ${file} (${errorMessage(error)})`)
  }
}

/** Writes (or appends) a report file, making its folder; a file that cannot be written is an input error. */
async function writeReport(
  file: string,
  text: string,
  what: string,
  options: { append?: boolean } = {},
): Promise<void> {
  try {
    await makeFolders(path.dirname(file))
    await (options.append ? appendFile(file, text) : writeFile(file, text))
  } catch (error) {
    throw new InputError(`${what}: cannot write ${file} (${errorMessage(error)})`)
  }
}
