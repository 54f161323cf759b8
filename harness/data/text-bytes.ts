/**
 * SQL giving `expr`'s value with a text read as the bytes stored (a blob), any other value as it is. A text
 * that is not valid UTF-8 reads, decoded, as a string that another text reads as too (X'ff' and
 * X'efbfbd' are both '\uFFFD'): its bytes show what it holds.
 */
export function textAsBytes(expr: string): string {
  return `CASE WHEN typeof(${expr}) = 'text' THEN CAST(${expr} AS BLOB) ELSE ${expr} END`
}

/** What a sample whose texts are shown as their bytes says after it. */
export const SHOWN_AS_BYTES = '(text shown as its bytes)'

/**
 * `values` with each text that reads as holding U+FFFD replaced by its stored bytes (`bytes[i]`, read
 * through {@link textAsBytes}); undefined when no text does. Decoding turns every byte sequence that is
 * not valid UTF-8 into U+FFFD, so such a text may be that character or bytes that another row's text,
 * different as stored, reads as too.
 */
export function ambiguousTextAsBytes(
  values: readonly unknown[],
  bytes: readonly unknown[],
): unknown[] | undefined {
  const ambiguous = (value: unknown, i: number): boolean =>
    typeof value === 'string' && value.includes('\uFFFD') && Buffer.isBuffer(bytes[i])
  if (!values.some(ambiguous)) return undefined
  return values.map((value, i) => (ambiguous(value, i) ? bytes[i] : value))
}
