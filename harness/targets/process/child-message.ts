import type { OnReturn } from '../target.ts'

/**
 * What a module target's child tells its parent, one JSON object per line on an extra pipe (fd 3), a
 * channel the target's own stdout and stderr cannot spoof.
 */
export type ChildMessage =
  /** The target is loaded; the child now waits at the start line for one byte on the same pipe. */
  | { t: 'ready' }
  /** The target's function is about to be called (epoch ms, from Date.now()). */
  | { t: 'called'; at: number }
  /** The function returned (or its promise resolved); `onReturn`: what `readOnReturn` read then. */
  | { t: 'done'; statements?: number; onReturn?: OnReturn }
  /** The child is about to SIGKILL itself after statement `statements`, as `killAfterStatement` asked. */
  | { t: 'killing'; statements: number }
  /** The function threw: `error` is one line, `Name: message`. */
  | { t: 'error'; error: string; statements?: number }

/** The fd of the channel in the child. */
export const CHANNEL_FD = 3
