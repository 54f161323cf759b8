import type { SchemaIgnoreRule } from '../config/types.ts'
import type { SchemaDiff, SchemaDifference } from './types.ts'

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')
  return new RegExp(`^${escaped}$`, 'i')
}

/**
 * True when `rule` accepts `difference`: the object matches (case-insensitive, `*` as a wildcard) and
 * the rule names no property, or the same property, or one the difference's property lies within
 * (`column token_hash` covers `column token_hash: NOT NULL`).
 */
export function ruleMatches(rule: SchemaIgnoreRule, difference: SchemaDifference): boolean {
  if (!globToRegExp(rule.object).test(difference.object)) return false
  if (rule.property === undefined) return true
  const property = rule.property.toLowerCase()
  const actual = difference.property.toLowerCase()
  return actual === property || actual.startsWith(`${property}:`) || globToRegExp(rule.property).test(actual)
}

/** Moves the differences that some rule accepts to `ignored` and lists the rules that matched nothing. */
export function applyIgnoreRules(
  differences: SchemaDifference[],
  rules: readonly SchemaIgnoreRule[],
): Pick<SchemaDiff, 'differences' | 'ignored' | 'unusedIgnores'> {
  const used = new Set<SchemaIgnoreRule>()
  const kept: SchemaDifference[] = []
  const ignored: SchemaDiff['ignored'] = []
  for (const difference of differences) {
    const rule = rules.find((r) => ruleMatches(r, difference))
    if (rule) {
      used.add(rule)
      ignored.push({ difference, rule })
    } else {
      kept.push(difference)
    }
  }
  return { differences: kept, ignored, unusedIgnores: rules.filter((r) => !used.has(r)) }
}
