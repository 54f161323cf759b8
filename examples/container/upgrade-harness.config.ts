import { defineConfig } from '../../harness/config/define-config.ts'

/**
 * The reference app gated as a container image, the way a service shipped as an image is: build the
 * images with `npm run images`, then `upgrade-harness run --config examples/container/upgrade-harness.config.ts`.
 * Another release's image is gated by giving the scenario (or a copy of this file) its tag instead.
 */
export default defineConfig({
  snapshots: '../../snapshots',
  target: {
    image: 'upgrade-harness/app:current',
    command: ['node', '/app/start.js', '--init-only', '{db}'],
    dataDir: '/data',
  },
  history: { table: 'schema_migrations', column: 'migration_name' },
  migrations: '../../app/migrations',
  data: {
    allowLoss: [{ table: 'tokens', reason: '0002 invalidates plain-text tokens' }],
  },
})
