import { defineConfig } from './harness/index.ts'

// The gate on the reference application (app/): its current initDb, started on a copy of every released
// database in snapshots/, which `npm run snapshots:regenerate` rebuilds from the releases below.
export default defineConfig({
  snapshots: 'snapshots',
  target: { module: 'app/init-db.ts', export: 'initDb' },
  history: { table: 'schema_migrations', column: 'migration_name' },
  migrations: 'app/migrations',
  // The server's deployment health check gives a start 15 s; an upgrade must fit in it.
  budgetMs: 15_000,
  data: {
    allowLoss: [{ table: 'tokens', reason: '0002 invalidates plain-text tokens: users sign in again' }],
  },
  releases: [
    {
      name: 'v0.1.0',
      version: '0.1.0',
      target: { module: 'app/releases/v0.1.0/init-db.ts' },
      fixtures: ['app/releases/v0.1.0/fixtures.sql'],
    },
    {
      name: 'v0.9.5',
      version: '0.9.5',
      target: { module: 'app/releases/v0.9.5/init-db.ts' },
      fixtures: ['app/releases/v0.9.5/fixtures.sql'],
      migrations: 'app/releases/v0.9.5/migrations',
    },
    {
      // The manual hot-fix from the rc.1 post-mortem, applied by hand to some v0.9.5 databases.
      name: 'v0.9.5-workaround',
      version: '0.9.5',
      target: { module: 'app/releases/v0.9.5/init-db.ts' },
      fixtures: ['app/releases/v0.9.5/fixtures.sql'],
      afterSql: ['ALTER TABLE tokens ADD COLUMN token_hash TEXT'],
      migrations: 'app/releases/v0.9.5/migrations',
    },
    {
      // A fresh rc.1 install: rc.1 started fine on empty databases, and those existed in the wild.
      name: 'v1.0.0-rc.1',
      version: '1.0.0-rc.1',
      target: { module: 'app/releases/v1.0.0-rc.1/init-db.ts' },
      fixtures: ['app/releases/v1.0.0-rc.1/fixtures.sql'],
      migrations: 'app/releases/v1.0.0-rc.1/migrations',
    },
    {
      name: 'v1.0.0',
      version: '1.0.0',
      target: { module: 'app/releases/v1.0.0/init-db.ts' },
      fixtures: ['app/releases/v1.0.0/fixtures.sql'],
      migrations: 'app/releases/v1.0.0/migrations',
    },
  ],
})
