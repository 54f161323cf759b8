import { matchingParen } from './normalize-sql.ts'
import type { Token } from './tokenize.ts'

/** True when `token` is the bare word `word` (any case). */
export function isWord(token: Token | undefined, word: string): boolean {
  return token?.kind === 'word' && token.value.toUpperCase() === word
}

/** Splits tokens at top-level commas (commas inside parentheses belong to their group). */
export function splitTopLevel(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = []
  let current: Token[] = []
  let depth = 0
  for (const token of tokens) {
    if (token.kind === 'punct') {
      if (token.text === '(') depth++
      else if (token.text === ')') depth--
      else if (token.text === ',' && depth === 0) {
        parts.push(current)
        current = []
        continue
      }
    }
    current.push(token)
  }
  if (current.length > 0) parts.push(current)
  return parts
}

/** The tokens inside the parenthesised group opening at `open`, and the index just past its `)`. */
export function group(tokens: readonly Token[], open: number): { inner: Token[]; next: number } {
  const close = matchingParen(tokens, open)
  const end = close < 0 ? tokens.length : close
  return { inner: tokens.slice(open + 1, end), next: end + 1 }
}

/** Index of the first top-level token at or after `from` that satisfies `test`, or -1. */
export function findTopLevel(tokens: readonly Token[], from: number, test: (t: Token) => boolean): number {
  let depth = 0
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i] as Token
    if (depth === 0 && test(token)) return i
    if (token.kind === 'punct' && token.text === '(') depth++
    else if (token.kind === 'punct' && token.text === ')') depth--
  }
  return -1
}
