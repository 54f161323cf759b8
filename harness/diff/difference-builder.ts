import type { SchemaDifference } from './types.ts'

/** The property name used when a whole object is missing on one side. */
export const WHOLE_OBJECT = 'definition'

/** How a side's absence reads: `missing after upgrade` for the label `upgraded`, else `missing in <label>`. */
export function missingPhrase(actualLabel: string): string {
  return actualLabel === 'upgraded' ? 'missing after upgrade' : `missing in ${actualLabel}`
}

/** How an extra object reads: `only after upgrade` for the label `upgraded`, else `only in <label>`. */
export function extraPhrase(actualLabel: string): string {
  return actualLabel === 'upgraded' ? 'only after upgrade' : `only in ${actualLabel}`
}

/** Collects differences and phrases each one from the two sides' labels. */
export class DifferenceBuilder {
  readonly differences: SchemaDifference[] = []

  constructor(
    readonly expectedLabel: string,
    readonly actualLabel: string,
  ) {}

  private where(object: string, property: string): string {
    return property === WHOLE_OBJECT ? object : `${object}: ${property}`
  }

  /** Present on the expected side only. */
  missing(object: string, property: string, expected: string): void {
    const message = `${this.where(object, property)}: ${missingPhrase(this.actualLabel)} (${this.expectedLabel}: ${expected})`
    this.differences.push({ object, property, expected, message })
  }

  /** Present on the actual side only. */
  extra(object: string, property: string, actual: string): void {
    const message = `${this.where(object, property)}: ${extraPhrase(this.actualLabel)} (${this.actualLabel}: ${actual})`
    this.differences.push({ object, property, actual, message })
  }

  /** Present on both sides with different values; equal values are not a difference. */
  compare(object: string, property: string, expected: string, actual: string): void {
    if (expected === actual) return
    const message = `${this.where(object, property)}: ${this.expectedLabel}: ${expected}, ${this.actualLabel}: ${actual}`
    this.differences.push({ object, property, expected, actual, message })
  }

  /** Compares two keyed collections: missing, extra, and `both` for the keys present on each side. */
  keyed<T>(
    expected: ReadonlyMap<string, T>,
    actual: ReadonlyMap<string, T>,
    on: {
      missing: (key: string, e: T) => void
      extra: (key: string, a: T) => void
      both: (e: T, a: T) => void
    },
  ): void {
    for (const [key, e] of expected) {
      const a = actual.get(key)
      if (a === undefined) on.missing(key, e)
      else on.both(e, a)
    }
    for (const [key, a] of actual) if (!expected.has(key)) on.extra(key, a)
  }
}
