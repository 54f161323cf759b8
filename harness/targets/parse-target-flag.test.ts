import { describe, expect, test } from 'vitest'

import { InputError } from '../errors.ts'
import { parseTargetFlag } from './parse-target-flag.ts'

describe('parseTargetFlag', () => {
  test.for([
    ['module:app/init-db.ts', { module: 'app/init-db.ts' }],
    [
      'module:app/releases/v1.0.0-rc.1/init-db.ts#initDb',
      { module: 'app/releases/v1.0.0-rc.1/init-db.ts', export: 'initDb' },
    ],
    ['app/init-db.ts#start', { module: 'app/init-db.ts', export: 'start' }],
    [
      'command:python3 examples/python/init_db.py {db}',
      { command: ['python3', 'examples/python/init_db.py', '{db}'] },
    ],
    ['command:  ./run   {db} ', { command: ['./run', '{db}'] }],
    [
      `command:'/opt/my app/init' --name "a b" {db}`,
      { command: ['/opt/my app/init', '--name', 'a b', '{db}'] },
    ],
    ['command:/opt/my\\ app/init {db}', { command: ['/opt/my app/init', '{db}'] }],
  ] as const)('%s', ([flag, spec]) => {
    expect(parseTargetFlag(flag)).toEqual(spec)
  })

  test.for([
    ['command:', '--target "command:": expected an executable after "command:"'],
    ["command:'' {db}", `--target "command:'' {db}": expected an executable after "command:"`],
    [
      "command:'/opt/my app/init {db}",
      `--target "command:'/opt/my app/init {db}": unterminated single quote ('/opt/my app/init {db}); expected a closing '`,
    ],
    ['module:', '--target "module:": expected a module path, as in module:PATH[#export]'],
    ['module:app/init-db.ts#', '--target "module:app/init-db.ts#": expected an export name after "#"'],
    [
      'image:local/app',
      '--target "image:local/app": expected module:PATH[#export] or command:EXECUTABLE ARG...',
    ],
  ] as const)('%s is refused', ([flag, message]) => {
    expect(() => parseTargetFlag(flag)).toThrow(InputError)
    expect(() => parseTargetFlag(flag)).toThrow(message)
  })
})
