import { describe, expect, test } from 'vitest'
import { tokenize } from './tokenize.ts'

const kinds = (sql: string): string[] => tokenize(sql).map((t) => `${t.kind}:${t.value}`)

describe('tokenize', () => {
  test('words, punctuation and numbers', () => {
    expect(kinds('SELECT a,b FROM t WHERE x>=1.5e3')).toEqual([
      'word:SELECT',
      'word:a',
      'punct:,',
      'word:b',
      'word:FROM',
      'word:t',
      'word:WHERE',
      'word:x',
      'punct:>=',
      'number:1.5e3',
    ])
  })

  test('string literals keep their text, including doubled quotes and comment markers', () => {
    const [token] = tokenize(`'it''s -- not /* a comment */'`)
    expect(token).toEqual({
      kind: 'string',
      text: `'it''s -- not /* a comment */'`,
      value: `'it''s -- not /* a comment */'`,
    })
  })

  test('the three identifier quotes, with escapes undone', () => {
    expect(kinds('"a ""b""" [c d] `e``f`')).toEqual(['quoted:a "b"', 'quoted:c d', 'quoted:e`f'])
  })

  test('comments and whitespace disappear; a comment runs to its end', () => {
    expect(kinds('a -- one\n/* two\n three */ b /* open')).toEqual(['word:a', 'word:b'])
  })

  test('blobs, hex numbers, parameters and multi-character operators', () => {
    expect(kinds("x'00ff' 0x1F ?1 :name @v $w a||b a->>'$.k' a<>b")).toEqual([
      "blob:x'00ff'",
      'number:0x1F',
      'variable:?1',
      'variable::name',
      'variable:@v',
      'variable:$w',
      'word:a',
      'punct:||',
      'word:b',
      'word:a',
      'punct:->>',
      "string:'$.k'",
      'word:a',
      'punct:<>',
      'word:b',
    ])
  })

  test('a word is not a blob, and unicode names are words', () => {
    expect(kinds("xray 'x' notiz_größe")).toEqual(['word:xray', "string:'x'", 'word:notiz_größe'])
  })

  test('an unterminated string runs to the end instead of throwing', () => {
    expect(kinds("a 'open")).toEqual(['word:a', "string:'open"])
  })
})
