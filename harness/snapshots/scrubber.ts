import { createHmac } from 'node:crypto'

/** A SQLite value as better-sqlite3 hands it to a function with safe integers on. */
export type SqlValue = string | number | bigint | Buffer | null

/** Hex digits a hashed text keeps: 128 bits, so distinct values stay distinct. */
const HASH_HEX = 32
/** Attempts at a fake value that no other value has taken before giving up on keeping the length. */
const FAKE_ATTEMPTS = 32
const LOWER = 'abcdefghijklmnopqrstuvwxyz'
const UPPER = LOWER.toUpperCase()
const DIGITS = '0123456789'

/**
 * Replaces values deterministically under one secret key: the same value gives the same result
 * everywhere in the capture, so equality, uniqueness and joins survive. `hash` is HMAC-SHA256 (text
 * becomes 32 hex digits, integers 48-bit integers, blobs 32 bytes); `fake` keeps the type, the length
 * and the shape (letters stay letters of the same case, digits stay digits, punctuation stays), and
 * never hands out a value twice or one listed in `avoid` (the originals of unique columns).
 */
export class Scrubber {
  readonly #key: Buffer
  readonly #fakes = new Map<string, SqlValue>()
  readonly #taken = new Set<string>()

  constructor(key: Buffer) {
    this.#key = key
  }

  /** Keyed hash of a value; NULL stays NULL. */
  hash(value: SqlValue): SqlValue {
    if (value === null) return null
    const digest = this.#mac(identity(value), 0)
    if (typeof value === 'string') return digest.toString('hex').slice(0, HASH_HEX)
    if (typeof value === 'bigint') return BigInt(digest.readUIntBE(0, 6))
    if (typeof value === 'number') return digest.readUIntBE(0, 6) / 65536
    return digest
  }

  /** A realistic stand-in of the same type and length; NULL stays NULL. */
  fake(value: SqlValue, avoid?: ReadonlySet<string>): SqlValue {
    if (value === null) return null
    const id = identity(value)
    const known = this.#fakes.get(id)
    if (known !== undefined) return known
    // Punctuation and spaces only: there is nothing to disguise, and nothing of the same shape to swap in.
    if (typeof value === 'string' && !/[\p{L}\p{N}]/u.test(value)) return value
    for (let attempt = 0; ; attempt++) {
      const candidate = this.#fakeOnce(value, attempt)
      const key = identity(candidate)
      const free = key !== id && !this.#taken.has(key) && !avoid?.has(key)
      if (free || attempt >= FAKE_ATTEMPTS * 4) {
        this.#taken.add(key)
        this.#fakes.set(id, candidate)
        return candidate
      }
    }
  }

  #fakeOnce(value: Exclude<SqlValue, null>, attempt: number): Exclude<SqlValue, null> {
    // Past the attempts a short value's space may be exhausted: grow it by the attempt number.
    const grow = attempt >= FAKE_ATTEMPTS ? String(attempt) : ''
    const bytes = this.#stream(identity(value), attempt, lengthOf(value) + 8)
    if (typeof value === 'string') {
      return [...value].map((ch, i) => fakeChar(ch, bytes[i]!)).join('') + grow
    }
    if (typeof value === 'bigint') {
      const text = (value < 0n ? -value : value).toString()
      const digits = [...text].map(
        (_, i) =>
          DIGITS[(bytes[i]! % (i === 0 && text.length > 1 ? 9 : 10)) + (i === 0 && text.length > 1 ? 1 : 0)]!,
      )
      const magnitude = BigInt(digits.join('') + grow)
      return value < 0n ? -magnitude : magnitude
    }
    if (typeof value === 'number') {
      const factor = 0.5 + bytes.readUInt32BE(0) / 0x1_0000_0000
      return (
        Number((value * factor).toPrecision(Math.max(1, Math.min(15, significantDigits(value))))) + attempt
      )
    }
    return Buffer.concat([bytes.subarray(0, value.length), Buffer.from(grow)])
  }

  #mac(text: string, counter: number): Buffer {
    return createHmac('sha256', this.#key).update(`${counter}\0${text}`).digest()
  }

  /** At least `length` pseudo-random bytes for one value and attempt. */
  #stream(text: string, attempt: number, length: number): Buffer {
    const blocks: Buffer[] = []
    for (let i = 0; blocks.length * 32 < length; i++)
      blocks.push(this.#mac(text, (attempt + 1) * 1_000_003 + i))
    return Buffer.concat(blocks)
  }
}

/** A key for a value that tells types apart, as SQLite does (`'1'` is not `1`): what `avoid` holds. */
export function valueIdentity(value: Exclude<SqlValue, null>): string {
  return identity(value)
}

function identity(value: Exclude<SqlValue, null>): string {
  if (typeof value === 'string') return `t:${value}`
  if (typeof value === 'bigint') return `i:${value}`
  if (typeof value === 'number') return `r:${value}`
  return `b:${value.toString('hex')}`
}

function lengthOf(value: Exclude<SqlValue, null>): number {
  if (typeof value === 'string') return [...value].length
  if (typeof value === 'bigint') return value.toString().length
  if (typeof value === 'number') return 8
  return value.length
}

function fakeChar(ch: string, byte: number): string {
  if (/[0-9]/.test(ch)) return DIGITS[byte % 10]!
  if (/\p{Lu}/u.test(ch)) return UPPER[byte % 26]!
  if (/\p{L}/u.test(ch)) return LOWER[byte % 26]!
  return ch
}

function significantDigits(value: number): number {
  return value
    .toPrecision(15)
    .replace(/e.*$/, '')
    .replace(/^-?0\.0*/, '')
    .replace('.', '')
    .replace(/0+$/, '').length
}
