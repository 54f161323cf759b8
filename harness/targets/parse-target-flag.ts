import { InputError } from '../errors.ts'
import { splitCommandWords } from './split-command-words.ts'
import type { CommandTargetSpec, ModuleTargetSpec } from './target.ts'

/**
 * Read the CLI's `--target` value: `module:PATH[#export]` (a bare `PATH[#export]` also means a module)
 * or `command:EXECUTABLE ARG...` (split into words as a POSIX shell does, quotes and backslashes
 * included but nothing expanded, so a path with a space can be quoted; `{db}` stands for the database
 * path). Container targets are configured in the config file only. Throws InputError naming the flag
 * when it is unusable.
 *
 * @example parseTargetFlag('module:app/releases/v1.0.0-rc.1/init-db.ts') // { module: 'app/releases/v1.0.0-rc.1/init-db.ts' }
 */
export function parseTargetFlag(flag: string): ModuleTargetSpec | CommandTargetSpec {
  if (flag.startsWith('command:')) {
    const command = splitCommandWords(flag.slice('command:'.length), `--target "${flag}"`)
    // `command:''` names no program either: an empty word is no executable.
    if (command.length === 0 || command[0] === '')
      throw new InputError(`--target "${flag}": expected an executable after "command:"`)
    return { command }
  }
  if (/^[a-z]+:/.test(flag) && !flag.startsWith('module:')) {
    throw new InputError(`--target "${flag}": expected module:PATH[#export] or command:EXECUTABLE ARG...`)
  }
  const body = flag.startsWith('module:') ? flag.slice('module:'.length) : flag
  const hash = body.lastIndexOf('#')
  const module = hash === -1 ? body : body.slice(0, hash)
  const exportName = hash === -1 ? undefined : body.slice(hash + 1)
  if (!module) throw new InputError(`--target "${flag}": expected a module path, as in module:PATH[#export]`)
  if (exportName === '') throw new InputError(`--target "${flag}": expected an export name after "#"`)
  return exportName === undefined ? { module } : { module, export: exportName }
}
