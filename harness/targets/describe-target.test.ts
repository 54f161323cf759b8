import { join } from 'node:path'

import { expect, test } from 'vitest'

import { describeTarget } from './describe-target.ts'
import type { TargetSpec } from './target.ts'

const ROOT = join('/', 'srv', 'app')

test.for([
  [{ module: 'app/init-db.ts' }, 'module:app/init-db.ts#initDb'],
  [{ module: join(ROOT, 'app', 'init-db.ts'), export: 'start' }, 'module:app/init-db.ts#start'],
  [{ module: './app/../lib/db.mjs' }, 'module:lib/db.mjs#initDb'],
  [
    { command: ['python3', 'examples/python/init_db.py', '{db}'] },
    'command:python3 examples/python/init_db.py {db}',
  ],
  // Quoted as --target reads it back.
  [{ command: ['/opt/my app/init', "it's", '{db}'] }, String.raw`command:'/opt/my app/init' 'it'\''s' {db}`],
  [
    { image: 'local/app:1.0.0', command: ['/app/start.js', '{db}'], dataDir: '/data' },
    'container:local/app:1.0.0',
  ],
] as [TargetSpec, string][])('describeTarget(%o) is %s', ([spec, text]) => {
  expect(describeTarget(spec, ROOT)).toBe(text)
})
