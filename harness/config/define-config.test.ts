import { describe, expect, test } from 'vitest'
import { defineConfig } from './define-config.ts'
import type { UserConfig } from './types.ts'

describe('defineConfig', () => {
  test('returns the config as written, each kind of target accepted', () => {
    const configs: UserConfig[] = [
      { target: { module: 'app/init-db.ts', export: 'initDb' }, checks: { skip: ['budget'] } },
      { target: { command: ['python3', 'init_db.py', '{db}'], cwd: 'examples/python' } },
      { target: { image: 'local/app:1.0.0', command: ['/app/start.js', '{db}'], dataDir: '/data' } },
    ]
    for (const config of configs) expect(defineConfig(config)).toBe(config)
  })
})

// Mistakes a config file's author gets as type errors (`npm run typecheck` fails when one is accepted),
// not only as the loader's exit 2.
export function typeErrors(): void {
  // @ts-expect-error an image needs the folder to mount the database in
  defineConfig({ target: { image: 'local/app:1.0.0', command: ['/app/start.js', '{db}'] } })
  // @ts-expect-error a target is one kind: a module has no command
  defineConfig({ target: { module: 'app/init-db.ts', command: ['node', 'x'] } })
  // @ts-expect-error a command target has no image
  defineConfig({ target: { command: ['x'], image: 'local/app:1.0.0' } })
  // @ts-expect-error checks.skip names checks
  defineConfig({ target: { module: 'app/init-db.ts' }, checks: { skip: ['matches_fresh'] } })
  defineConfig({
    target: { module: 'a.ts' },
    // @ts-expect-error a release's target is one kind too
    releases: [{ name: 'v1', version: '1.0.0', target: { module: 'a.ts', image: 'x' } }],
  })
}
