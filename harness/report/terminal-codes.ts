/** Terminal control sequences (colours, cursor moves, titles) that targets often print to stderr. */
// eslint-disable-next-line no-control-regex
const TERMINAL_CODES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g

/** `text` without terminal control sequences: what a file report shows of coloured output. */
export function withoutTerminalCodes(text: string): string {
  return text.replace(TERMINAL_CODES, '')
}
