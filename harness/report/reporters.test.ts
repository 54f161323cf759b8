import { describe, expect, test } from 'vitest'
import type { CheckResult } from '../checks/types.ts'
import { renderJson } from './render-json.ts'
import { renderJunit } from './render-junit.ts'
import { renderMarkdown } from './render-markdown.ts'
import { renderReport } from './render-report.ts'
import { renderText } from './render-text.ts'
import type { RunReport } from './run-report.ts'

const diff = {
  expectedLabel: 'fresh',
  actualLabel: 'upgraded',
  differences: [
    {
      object: 'table tokens',
      property: 'column token_hash',
      message: 'table tokens: column token_hash: missing after upgrade (fresh: TEXT NOT NULL UNIQUE)',
    },
    {
      object: 'index idx_tokens_token_hash',
      property: 'definition',
      message: 'index idx_tokens_token_hash: missing after upgrade (fresh: ON tokens(token_hash))',
    },
  ],
  ignored: [],
  unusedIgnores: [],
}

const results: CheckResult[] = [
  { snapshot: 'v0.9.5', check: 'starts', status: 'pass', ms: 120.4, message: 'started in 120 ms' },
  {
    snapshot: 'v0.9.5',
    check: 'matches-fresh',
    status: 'fail',
    ms: 3,
    message: `${diff.differences[0]!.message} (and 1 more)`,
    details: diff,
  },
  { snapshot: 'v1.0.0', check: 'starts', status: 'pass', ms: 90, message: 'started in 90 ms' },
  {
    snapshot: 'v1.0.0',
    check: 'matches-fresh',
    status: 'skip',
    ms: 0,
    message: 'skipped: listed in checks.skip',
  },
]
const report: RunReport = {
  ok: false,
  target: 'module:app/init-db.ts#initDb',
  results,
  warnings: ['schema ignore rule for table x matched nothing ("old")'],
  ms: 2100,
}

describe('reporters', () => {
  test('text: the matrix, every failure with its whole diff, skips, warnings and the tally', () => {
    const text = renderText(report)
    expect(text).toMatch(/^snapshot\s+starts\s+matches-fresh$/m)
    expect(text).toMatch(/^v0\.9\.5\s+pass\s+FAIL$/m)
    expect(text).toMatch(/^v1\.0\.0\s+pass\s+skip$/m)
    expect(text).toContain('  v0.9.5 › matches-fresh: table tokens: column token_hash: missing after upgrade')
    expect(text).toContain('missing after upgrade (fresh: ON tokens(token_hash))')
    expect(text).toContain('v1.0.0 › matches-fresh: skipped: listed in checks.skip')
    expect(text).toContain('warning: schema ignore rule for table x matched nothing')
    expect(text.trimEnd().split('\n').at(-1)).toBe('2 passed, 1 failed, 1 skipped (2.1 s)')
  })

  test('text: a terminal narrower than the matrix gets a line per snapshot naming what did not pass', () => {
    expect(renderText(report, { width: 31 })).toMatch(/^v0\.9\.5\s+pass\s+FAIL$/m) // the matrix just fits
    const narrow = renderText(report, { width: 30 })
    expect(narrow).not.toMatch(/^snapshot\s+starts/m)
    expect(narrow).toMatch(/^v0\.9\.5 {4}FAIL matches-fresh; 1 pass$/m)
    expect(narrow).toMatch(/^v1\.0\.0 {4}skip matches-fresh; 1 pass$/m)
    const passing = renderText(
      { ...report, results: results.filter((r) => r.status === 'pass') },
      { width: 10 },
    )
    expect(passing).toMatch(/^v0\.9\.5 {4}pass$/m)
    // The failures, their details and the tally are the same either way.
    expect(narrow.slice(narrow.indexOf('Failures:'))).toBe(
      renderText(report).slice(renderText(report).indexOf('Failures:')),
    )
  })

  test('text: target output cannot move the cursor over the names or clear the matrix', () => {
    const text = renderText({
      ...report,
      results: [
        {
          ...results[0]!,
          status: 'fail',
          message: 'exited with status 1: 10% done\rError: disk I/O error',
          details: {
            run: {
              stderr: 'loading\u001b[2J\u001b[H\u009b2J\nstep 1\rstep 2\u0007\r\nError: disk I/O error\n',
            },
          },
        },
      ],
      warnings: ['rule x\r\nmatched nothing'],
    })
    // A CR sent the cursor back over "v0.9.5 › starts", and ESC [2J (or its C1 form, U+009B 2J) cleared the screen above.
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/) // eslint-disable-line no-control-regex
    expect(text).toContain('  v0.9.5 › starts: exited with status 1: 10% done Error: disk I/O error\n')
    expect(text).toContain('\n      loading\n      step 1\n      step 2\n      Error: disk I/O error\n')
    expect(text).toContain('\nwarning: rule x matched nothing\n')
  })

  test('json: exactly the contract fields, ms rounded', () => {
    const parsed = JSON.parse(renderJson(report))
    expect(parsed.ok).toBe(false)
    expect(parsed.results[0]).toEqual({
      snapshot: 'v0.9.5',
      check: 'starts',
      status: 'pass',
      ms: 120,
      message: 'started in 120 ms',
    })
  })

  test('junit: a suite per snapshot, a case per check, the diff as failure body, escaped', () => {
    const xml = renderJunit({ ...report, target: 'module:a<b>&"c"' })
    expect(xml).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="upgrade-harness" tests="4" failures="1" skipped="1"/,
    )
    expect(xml.match(/<testsuite /g)).toHaveLength(2)
    expect(xml).toContain('name="v0.9.5 → module:a&lt;b&gt;&amp;&quot;c&quot;"')
    expect(xml).toMatch(
      /<failure message="table tokens: column token_hash[^"]*">[^<]*missing after upgrade \(fresh: ON tokens\(token_hash\)\)/,
    )
    expect(xml).toContain('<skipped message="skipped: listed in checks.skip"/>')
  })

  test('markdown: a matrix row per snapshot, then each failure with its diff', () => {
    const md = renderMarkdown(report)
    expect(md).toContain('| snapshot | starts | matches-fresh |')
    expect(md).toContain('| v0.9.5 | ✅ pass | ❌ fail |')
    expect(md).toContain('| v1.0.0 | ✅ pass | ⏭️ skip |')
    expect(md).toMatch(/#### v0\.9\.5 › matches-fresh\n\n.*\n\n```\n[\s\S]*idx_tokens_token_hash[\s\S]*```/)
  })

  test('odd names and target output cannot break the JUnit XML or the markdown', () => {
    const odd: RunReport = {
      ...report,
      target: 'module:a`b.ts',
      results: [
        {
          snapshot: 'v1|x<y>&"z"',
          check: 'starts',
          status: 'fail',
          ms: 1,
          message: 'initDb failed: Error: value \uffff, half a pair \ud800, \u001b[31mred\u001b[0m',
          details: { run: { stderr: 'before\n```\n# INJECTED HEADING\n\u001b[1mbold\u001b[0m' } },
        },
      ],
    }
    const xml = renderJunit(odd)
    for (const gone of ['\uffff', '\ud800', '\u001b']) expect(xml).not.toContain(gone)
    expect(xml).toContain('value , half a pair , red')
    expect(xml).toContain('name="v1|x&lt;y&gt;&amp;&quot;z&quot;"')
    const md = renderMarkdown(odd)
    expect(md).toContain('Target `` module:a`b.ts ``')
    expect(md).toContain('| v1\\|x\\<y\\>&amp;"z" | ❌ fail |')
    expect(md).toContain('#### v1\\|x\\<y\\>&amp;"z" › starts')
    // The detail's fence is longer than the ``` inside it, and the colours are gone.
    expect(md).toMatch(/\n````\nbefore\n```\n# INJECTED HEADING\nbold\n````\n/)
  })

  test('markdown: a message quoting SQL or names reads as itself, not as emphasis', () => {
    const message =
      'column total: default differs (fresh: price * qty; upgraded: price * 2) in __init__, token_hash'
    const md = renderMarkdown({ ...report, results: [{ ...results[1]!, message, details: undefined }] })
    expect(md).toContain(
      '\n\ncolumn total: default differs (fresh: price \\* qty; upgraded: price \\* 2) in \\_\\_init\\_\\_, token_hash\n',
    )
  })

  test('markdown: a lone CR or a leading line break in a message or warning starts no heading or rule', () => {
    // Markdown ends a line at CR as at LF: each of these rendered a heading (or a rule) of its own.
    const md = renderMarkdown({
      ...report,
      target: 'command:sh -c x\r# y',
      results: [
        { ...results[1]!, message: 'exited with status 1: 10%\r# INJECTED\r---', details: undefined },
      ],
      warnings: ['\n# rule x matched nothing'],
    })
    expect(md).not.toContain('\r')
    expect(md).toContain('Target `command:sh -c x # y`:')
    expect(md).toContain('\n\nexited with status 1: 10% # INJECTED ---\n')
    expect(md).toContain('\n> warning: \\# rule x matched nothing\n')
  })

  test('an unknown reporter is an input error naming the choices', () => {
    expect(() => renderReport(report, 'html')).toThrow(
      '--reporter html: unknown reporter (use text, json, junit, markdown)',
    )
  })
})
