import { InputError } from '../errors.ts'
import { renderJson } from './render-json.ts'
import { renderJunit } from './render-junit.ts'
import { renderMarkdown } from './render-markdown.ts'
import { renderText } from './render-text.ts'
import type { RunReport } from './run-report.ts'

/** The reporters, by the name `--reporter` takes. */
export const REPORTERS = {
  text: renderText,
  json: renderJson,
  junit: renderJunit,
  markdown: renderMarkdown,
} as const

/** A reporter's name. */
export type ReporterName = keyof typeof REPORTERS

/** Renders a report with the named reporter; an unknown name is an InputError. */
export function renderReport(report: RunReport, reporter: string): string {
  if (!Object.hasOwn(REPORTERS, reporter)) {
    throw new InputError(
      `--reporter ${reporter}: unknown reporter (use ${Object.keys(REPORTERS).join(', ')})`,
    )
  }
  return REPORTERS[reporter as ReporterName](report)
}
