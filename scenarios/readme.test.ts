// The README is executed, not trusted: its CLI reference must match the commands and options the CLI
// declares, its config reference the fields the loader accepts, its checks table the check names, and
// its worked example must print what it says, and its scenario-test example must be the scenario file.
import { execFile } from 'node:child_process'
import { copyFile, readFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { dir } from 'tmp-promise'
import { describe, expect, test } from 'vitest'
import { initDb } from '../app/init-db.ts'
import { CHECK_NAMES } from '../harness/checks/check-names.ts'
import { COMMANDS } from '../harness/cli/commands/index.ts'
import { schemaMatchers } from '../harness/vitest/index.ts'

expect.extend(schemaMatchers)

const ROOT = path.resolve(import.meta.dirname, '..')
const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8')

/** The fenced block that follows a heading. */
function blockAfter(heading: string): string {
  const from = readme.indexOf(heading)
  const match = /```\w*\n([\s\S]*?)```/.exec(readme.slice(from))
  if (from === -1 || !match) throw new Error(`README has no code block after "${heading}"`)
  return match[1]!
}

/** The first cells of the table rows in a section (from its heading to the next `## ` heading). */
function tableKeys(heading: string): string[] {
  const [, ...lines] = readme.slice(readme.indexOf(heading)).split('\n')
  const end = lines.findIndex((line) => line.startsWith('## '))
  return lines
    .slice(0, end === -1 ? undefined : end)
    .map((line) => /^\| `([^`]+)`/.exec(line)?.[1])
    .filter((key): key is string => key !== undefined)
}

describe('README', { timeout: 60_000 }, () => {
  test('its CLI reference lists every command with exactly the options the CLI declares', () => {
    const reference = blockAfter('## CLI')
    for (const command of COMMANDS) {
      const words = command.words.join(' ')
      const line = reference
        .split('\n')
        .find((l) => l.startsWith(`upgrade-harness ${words} `) || l === `upgrade-harness ${words}`)
      expect(line, `README CLI block lacks "upgrade-harness ${words}"`).toBeDefined()
      // The command's line and the indented lines that continue it, not the next command's line.
      const [first = '', ...rest] = reference.slice(reference.indexOf(line!)).split('\n')
      const end = rest.findIndex((l) => !l.startsWith(' '))
      const continuation = rest.slice(0, end === -1 ? rest.length : end)
      const documented = [...[first, ...continuation].join(' ').matchAll(/--([a-z-]+)/g)].map((m) => m[1])
      expect(new Set(documented), `README's options of "upgrade-harness ${words}"`).toEqual(
        new Set(command.options.map((option) => option.name)),
      )
    }
  })

  test('its config reference names every field the loader accepts, and no other', () => {
    const fields = tableKeys('## Configuration')
    expect(new Set(fields)).toEqual(
      new Set([
        'snapshots',
        'target',
        'history',
        'migrations',
        'data.allowLoss',
        'data.allowChange',
        'data.volatile',
        'schema.strictColumnOrder',
        'schema.comparePageSize',
        'schema.ignore',
        'releases',
        'timeoutMs',
        'budgetMs',
        'concurrency',
        'checks.skip',
      ]),
    )
  })

  test('its scenario-test example is the scenario file, and prints the failure it shows', async () => {
    const example = blockAfter('### Writing your own scenario tests')
    const scenario = await readFile(path.join(ROOT, 'scenarios/tokens-rebuild.test.ts'), 'utf8')
    const assertions = example.split('\n').filter((line) => line.trim().startsWith('expect('))
    expect(assertions.length).toBeGreaterThan(3)
    for (const line of assertions) expect(scenario).toContain(line)

    await using work = await scratch()
    const old = path.join(work.path, 'v0.9.5.sqlite')
    const fresh = path.join(work.path, 'fresh.sqlite')
    await copyFile(path.join(ROOT, 'snapshots/v0.9.5/db.sqlite'), old)
    initDb(fresh)
    // The labels are the example's own: the output must be what its toMatchSchema call prints.
    const call = assertions.find((line) => line.includes('.toMatchSchema(fresh'))!
    const labels = /expectedLabel: '([^']+)', actualLabel: '([^']+)'/.exec(call)
    let printed = ''
    try {
      expect(old).toMatchSchema(fresh, labels ? { expectedLabel: labels[1], actualLabel: labels[2] } : {})
    } catch (error) {
      printed = (error as Error).message
    }
    const shown = /```\n([\s\S]*?)```/.exec(
      readme.slice(readme.indexOf('A failing `toMatchSchema` prints')),
    )![1]!
    // Every line the README shows is printed; a line it shortens with "..." begins as printed.
    for (const line of shown
      .trimEnd()
      .split('\n')
      .filter((l) => l.trim() !== '...'))
      expect(printed).toContain(line.split('...')[0]!)
  })

  test('its checks table has a row for every check', () => {
    expect(tableKeys('## Checks')).toEqual([...CHECK_NAMES])
  })

  test('the worked example fails as the README says', async () => {
    const example = blockAfter('To see the original failure')
    const command = example.split('\n')[0]!
    const said = /# exit 1:\s+(.*)/.exec(example)![1]!
    const args = command.replace(/^npx upgrade-harness /, '').split(' ')
    const result = await promisify(execFile)(
      process.execPath,
      [path.join(ROOT, 'bin/upgrade-harness.mjs'), ...args],
      {
        cwd: ROOT,
      },
    ).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(said)
  })
})

async function scratch() {
  const d = await dir({ unsafeCleanup: true, prefix: 'upgrade-harness-readme-' })
  return { path: d.path, [Symbol.asyncDispose]: () => d.cleanup() }
}
