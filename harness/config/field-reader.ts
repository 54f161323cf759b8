import { InputError } from '../errors.ts'

/**
 * Reads fields of an untyped object, throwing one InputError line that names the file and the field
 * (`upgrade-harness.config.ts: "target.module" must be a string`) on the first problem.
 */
export class FieldReader {
  constructor(
    private readonly file: string,
    private readonly value: Record<string, unknown>,
    private readonly path: string = '',
  ) {}

  /** Rejects any field not in `known`, suggesting the closest known name. */
  onlyKnown(known: readonly string[]): void {
    for (const key of Object.keys(this.value)) {
      if (known.includes(key)) continue
      const hint = known.find((k) => k.toLowerCase().startsWith(key.toLowerCase().slice(0, 4)))
      this.fail(this.at(key), `is not a known field${hint ? ` (did you mean "${this.at(hint)}"?)` : ''}`)
    }
  }

  has(key: string): boolean {
    return this.value[key] !== undefined
  }

  string(key: string): string
  string(key: string, optional: true): string | undefined
  string(key: string, optional = false): string | undefined {
    const v = this.value[key]
    if (v === undefined && optional) return undefined
    if (typeof v !== 'string' || v === '') this.fail(this.at(key), 'must be a non-empty string')
    return v
  }

  /** A number >= `min`; with `whole`, a whole number (a count of processes, say). */
  number(key: string, min: number, whole = false): number | undefined {
    const v = this.value[key]
    if (v === undefined) return undefined
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (whole && !Number.isInteger(v)))
      this.fail(this.at(key), `must be a ${whole ? 'whole ' : ''}number >= ${min}`)
    return v
  }

  boolean(key: string): boolean | undefined {
    const v = this.value[key]
    if (v === undefined) return undefined
    if (typeof v !== 'boolean') this.fail(this.at(key), 'must be true or false')
    return v
  }

  strings(key: string, optional = false): string[] | undefined {
    const v = this.value[key]
    if (v === undefined && optional) return undefined
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
      this.fail(this.at(key), 'must be an array of strings')
    }
    return v as string[]
  }

  stringMap(key: string): Record<string, string> | undefined {
    const v = this.value[key]
    if (v === undefined) return undefined
    if (!isRecord(v) || Object.values(v).some((s) => typeof s !== 'string')) {
      this.fail(this.at(key), 'must be an object of strings')
    }
    return v as Record<string, string>
  }

  object(key: string): FieldReader
  object(key: string, optional: true): FieldReader | undefined
  object(key: string, optional = false): FieldReader | undefined {
    const v = this.value[key]
    if (v === undefined && optional) return undefined
    if (!isRecord(v)) this.fail(this.at(key), 'must be an object')
    return new FieldReader(this.file, v, this.at(key))
  }

  array(key: string): FieldReader[] {
    const v = this.value[key]
    if (v === undefined) return []
    if (!Array.isArray(v)) this.fail(this.at(key), 'must be an array')
    return v.map((item, i) => {
      if (!isRecord(item)) this.fail(`${this.at(key)}[${i}]`, 'must be an object')
      return new FieldReader(this.file, item, `${this.at(key)}[${i}]`)
    })
  }

  /** Throws the InputError line for a problem with the field `key`. */
  failField(key: string, problem: string): never {
    this.fail(this.at(key), problem)
  }

  /** Throws an InputError about this object itself (not one field). */
  failHere(problem: string): never {
    this.fail(this.path || 'config', problem)
  }

  private at(key: string): string {
    return this.path ? `${this.path}.${key}` : key
  }

  private fail(field: string, problem: string): never {
    throw new InputError(`${this.file}: "${field}" ${problem}`)
  }
}

/** A plain object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
