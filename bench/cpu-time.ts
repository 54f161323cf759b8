import { readFileSync } from 'node:fs'

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100

/**
 * CPU time so far, in ms: this process's (every thread) and that of its children that have ended and
 * been waited for (the target processes). Children come from `/proc/self/stat`, so they are NaN where
 * there is no `/proc` (not Linux).
 */
export function cpuTime(): { self: number; children: number } {
  const usage = process.cpuUsage()
  return { self: (usage.user + usage.system) / 1000, children: childrenCpuMs() }
}

function childrenCpuMs(): number {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces: cutime and cstime are
    // fields 16 and 17 of the line, so 13 and 14 counting from the state (field 3) as 0.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? []
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND
  } catch {
    return Number.NaN
  }
}
