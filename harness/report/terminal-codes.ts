/**
 * Terminal control sequences (colours, cursor moves, titles) that targets often print to stderr: CSI and
 * OSC sequences, and every other escape sequence (ESC, intermediate bytes, a final byte), such as the
 * character set choice `ESC ( B` that `tput sgr0` prints before its reset; CSI and OSC also in their
 * one-character C1 forms (U+009B, U+009D), which some terminals read as ESC [ and ESC ].
 */
const TERMINAL_CODES =
  // eslint-disable-next-line no-control-regex
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)|\u001b[ -/]*[0-~]/g

/** `text` without terminal control sequences: what a file report shows of coloured output. */
export function withoutTerminalCodes(text: string): string {
  return text.replace(TERMINAL_CODES, '')
}
