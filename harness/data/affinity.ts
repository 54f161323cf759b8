import { quoteIdent } from './sql-text.ts'

/** A column's type affinity, as SQLite derives it from the declared type. */
export type Affinity = 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC'

/** The affinity SQLite gives a declared type (the rules of "Determination Of Column Affinity", in order). */
export function affinityOf(declaredType: string): Affinity {
  const type = declaredType.toUpperCase()
  if (type.includes('INT')) return 'INTEGER'
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return 'TEXT'
  if (type === '' || type.includes('BLOB')) return 'BLOB'
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return 'REAL'
  return 'NUMERIC'
}

/**
 * The affinity a column stores its values with. A STRICT table's ANY column keeps every value as given
 * (https://sqlite.org/stricttables.html#the_any_datatype), where a normal table's ANY column is NUMERIC.
 */
export function storedAffinity(declaredType: string, strict: boolean): Affinity {
  return strict && declaredType.toUpperCase() === 'ANY' ? 'BLOB' : affinityOf(declaredType)
}

/**
 * An expression giving a before-side column's value as it would be stored in the after-side column,
 * storage class included. A table rebuild that changes a declared type converts values on INSERT
 * (`'7'` becomes `7` in an INTEGER column, `2.0` becomes `2`); EXCEPT compares without affinity, so the
 * conversion is applied here to compare as SQLite stores. Text that only looks numeric in an unusual
 * spelling (`'1.0'`, `'1e3'`) is left as is.
 */
export function asStoredIn(column: string, table: string, from: Affinity, to: Affinity): string {
  const value = `${quoteIdent(table)}.${quoteIdent(column)}`
  if (from === to || to === 'BLOB') return value
  if (to === 'TEXT')
    return `CASE WHEN typeof(${value}) IN ('integer', 'real') THEN CAST(${value} AS TEXT) ELSE ${value} END`
  const numeric = `CASE WHEN typeof(${value}) = 'text' AND CAST(CAST(${value} AS NUMERIC) AS TEXT) = trim(${value}) THEN CAST(${value} AS NUMERIC) ELSE ${value} END`
  if (to === 'REAL')
    return `CASE WHEN typeof(${numeric}) = 'integer' THEN CAST(${numeric} AS REAL) ELSE ${numeric} END`
  // INTEGER and NUMERIC keep a real that is exactly an integer as that integer (the two ends of the
  // 64-bit range aside), as SQLite's own integer affinity does.
  const integer = `CAST(${numeric} AS INTEGER)`
  return `CASE WHEN typeof(${numeric}) = 'real' AND ${numeric} = ${integer} AND ${integer} > ${INT64_MIN} AND ${integer} < ${INT64_MAX} THEN ${integer} ELSE ${numeric} END`
}

/** The ends of SQLite's 64-bit integer range, where a real is never made an integer. */
const INT64_MIN = '-9223372036854775808'
const INT64_MAX = '9223372036854775807'

/**
 * `expressions` followed by each one's storage class where `mixed[i]` says its column can hold both
 * integers and reals (NULL in that place elsewhere, so the layout stays one class per value): `1` and
 * `1.0` compare equal in SQLite (as do EXCEPT's and GROUP BY's rows holding them), but an upgrade that
 * turns one into the other has changed what the application reads (`'v' || 1` is `v1`, `'v' || 1.0`
 * is `v1.0`). The same columns keep a real `-0.0` as stored (one with REAL affinity stores it as the
 * integer 0), which SQLite calls equal to `0.0` and the application reads as `-0`: it is a class of its
 * own, {@link NEGATIVE_ZERO}, told apart by the sign `atan2` keeps.
 */
export function withStorageClass(expressions: readonly string[], mixed: readonly boolean[]): string[] {
  const storageClass = (e: string): string =>
    `CASE WHEN typeof(${e}) = 'real' AND ${e} = 0 AND atan2(${e}, -1) < 0 THEN '${NEGATIVE_ZERO}' ELSE typeof(${e}) END`
  return [...expressions, ...expressions.map((e, i) => (mixed[i] ? storageClass(e) : 'NULL'))]
}

/** The storage class {@link withStorageClass} gives a real `-0.0`. */
export const NEGATIVE_ZERO = 'real, negative zero'

/**
 * Whether a column of this affinity can hold an integer and a real of the same value, which only a
 * storage class tells apart. Only a column without affinity (BLOB: no type, BLOB, a STRICT table's
 * ANY) keeps values as given: REAL stores every number as a real, TEXT every number as text, and
 * INTEGER and NUMERIC make a real that is exactly an integer that integer (but at -2^63, where a real
 * and an integer of the same value can both be stored, which is left uncompared).
 */
export function holdsIntegersAndReals(affinity: Affinity): boolean {
  return affinity === 'BLOB'
}
