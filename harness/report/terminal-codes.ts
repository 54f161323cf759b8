/**
 * Terminal control sequences (colours, cursor moves, titles) that targets often print to stderr: CSI and
 * OSC sequences, and every other escape sequence (ESC, intermediate bytes, a final byte), such as the
 * character set choice `ESC ( B` that `tput sgr0` prints before its reset.
 */
// eslint-disable-next-line no-control-regex
const TERMINAL_CODES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[ -/]*[0-~])/g

/** `text` without terminal control sequences: what a file report shows of coloured output. */
export function withoutTerminalCodes(text: string): string {
  return text.replace(TERMINAL_CODES, '')
}
