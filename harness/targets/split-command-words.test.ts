import { describe, expect, test } from 'vitest'

import { InputError } from '../errors.ts'
import { quoteCommandWord, splitCommandWords } from './split-command-words.ts'

describe('splitCommandWords', () => {
  test.for([
    ['python3 init_db.py {db}', ['python3', 'init_db.py', '{db}']],
    ['  ./run \t  {db}\n', ['./run', '{db}']],
    [`'/opt/my app/init' {db}`, ['/opt/my app/init', '{db}']],
    [`"/opt/my app/init" --name "it's" {db}`, ['/opt/my app/init', '--name', "it's", '{db}']],
    [String.raw`/opt/my\ app/init a\"b`, ['/opt/my app/init', 'a"b']],
    // Inside double quotes a backslash escapes only \ " $ ` (and a newline); elsewhere it stays.
    [String.raw`"a\"b\\c\d\$"`, [String.raw`a"b\c\d$`]],
    // Inside single quotes nothing is special, a backslash included.
    [String.raw`'a\b' 'x"y'`, [String.raw`a\b`, 'x"y']],
    // Quoted parts join the word they touch; '' is an empty word.
    [`--db='{db}'x "" ''`, ['--db={db}x', '', '']],
    // Nothing is expanded.
    ['echo $HOME ~ *', ['echo', '$HOME', '~', '*']],
    ['a\\\nb', ['ab']],
    ['a \\\n b', ['a', 'b']],
  ] as const)('%s', ([text, words]) => {
    expect(splitCommandWords(text, '--target')).toEqual(words)
  })

  test.for([
    [
      `'/opt/my app/init {db}`,
      `--target: unterminated single quote ('/opt/my app/init {db}); expected a closing '`,
    ],
    [`run "a {db}`, `--target: unterminated double quote ("a {db}); expected a closing "`],
    [
      String.raw`run "a\" {db}`,
      String.raw`--target: unterminated double quote ("a\" {db}); expected a closing "`,
    ],
    ['run {db}\\', '--target: ends in a lone backslash; expected a character after it'],
  ] as const)('%s is refused', ([text, message]) => {
    expect(() => splitCommandWords(text, '--target')).toThrow(InputError)
    expect(() => splitCommandWords(text, '--target')).toThrow(message)
  })
})

describe('quoteCommandWord', () => {
  test.for([
    ['/usr/bin/python3', '/usr/bin/python3'],
    ['{db}', '{db}'],
    ['--db={db}', '--db={db}'],
    ['/opt/my app/init', `'/opt/my app/init'`],
    ["it's", `'it'\\''s'`],
    ['', `''`],
    ['$HOME', `'$HOME'`],
  ] as const)('%s reads %s', ([word, quoted]) => {
    expect(quoteCommandWord(word)).toBe(quoted)
    expect(splitCommandWords(quoted, 'test')).toEqual([word])
  })
})
