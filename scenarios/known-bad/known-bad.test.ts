// Every check is proven able to fail: for each, a broken variant of the reference app (variants/) that
// the gate must reject with that check and a message that says what is wrong. A check that cannot fail
// here would be a check that proves nothing.
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { runGate } from '../../harness/checks/run-gate.ts'
import type { CheckName } from '../../harness/checks/check-names.ts'
import { loadConfig } from '../../harness/config/load-config.ts'
import { readHistory } from '../../harness/checks/read-history.ts'
import { createEmptyWorkingCopy, createTempFolder } from '../../harness/snapshots/working-copy.ts'
import { prepareTarget } from '../../harness/targets/prepare-target.ts'
import { writeSnapshot } from '../../harness/snapshots/write-snapshot.ts'
import type { Config } from '../../harness/config/types.ts'

const root = path.resolve(import.meta.dirname, '../..')
const variant = (name: string) => ({ module: path.join(root, 'scenarios/known-bad/variants', `${name}.ts`) })

interface KnownBad {
  check: CheckName
  why: string
  target: { module: string }
  snapshot: string
  message: RegExp
  config?: (config: Config) => Promise<Config> | Config
}

/** Lays out a flat migrations folder as Prisma does: `0001_x.sql` becomes `0001_x/migration.sql`. */
async function folderPerMigration(flat: string, to: string): Promise<void> {
  for (const file of await readdir(flat)) {
    const name = path.parse(file).name
    await mkdir(path.join(to, name), { recursive: true })
    await cp(path.join(flat, file), path.join(to, name, 'migration.sql'))
  }
}

/** Temporary folders the cases made, removed after all of them. */
const cleanups: (() => PromiseLike<void>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup()
})

const CASES: KnownBad[] = [
  {
    check: 'starts',
    why: 'v1.0.0-rc.1 runs its latest schema script before the migrations',
    target: { module: path.join(root, 'app/releases/v1.0.0-rc.1/init-db.ts') },
    snapshot: 'v0.9.5',
    message: /initDb failed: SqliteError: no such column: token_hash/,
  },
  {
    check: 'starts',
    why: 'start-up returns inside a transaction it never commits',
    target: variant('starts-uncommitted'),
    snapshot: 'v1.0.0',
    message:
      /initDb failed: returned, but a connection of its own still holds the write lock \(a transaction never committed/,
  },
  {
    check: 'matches-fresh',
    why: 'new installs run a schema script that drifted from the migrations',
    target: variant('matches-fresh'),
    snapshot: 'v0.9.5',
    message: /idx_notes_visibility.*missing after upgrade/,
  },
  {
    check: 'history',
    why: 'old databases are baselined without recording 0000_initial',
    target: variant('history'),
    snapshot: 'v0.1.0',
    message: /migration 0000_initial missing after upgrade/,
  },
  {
    check: 'data-preserved',
    why: 'a rebuild of notes copies only the public ones',
    target: variant('data-preserved'),
    snapshot: 'v0.9.5',
    message: /table notes: \d+ of \d+ rows lost or changed/,
  },
  {
    check: 'idempotent',
    why: 'every start seeds another welcome note',
    target: variant('idempotent'),
    snapshot: 'v1.0.0',
    message: /second start changed the database: .*notes/,
  },
  {
    check: 'idempotent',
    why: 'start-up creates a table of its own without IF NOT EXISTS, so a restart fails',
    target: variant('idempotent-second-start-fails'),
    snapshot: 'v1.0.0',
    message: /second start failed: SqliteError: table note_drafts already exists/,
  },
  {
    check: 'integrity',
    why: 'a backfill links a session to a token that does not exist',
    target: variant('integrity'),
    snapshot: 'v1.0.0',
    message:
      /foreign_key_check: 1 row violates foreign keys, e\.g\. sessions rowid \d+ references a missing tokens row/,
  },
  {
    check: 'integrity',
    why: 'a migration makes the full-text index without indexing the notes already there',
    target: variant('integrity-full-text'),
    snapshot: 'v1.0.0',
    message:
      /full-text index "notes_fts" holds none of the rows of its table \(content = 'notes'\): an index made over existing rows needs INSERT INTO "notes_fts" \("notes_fts"\) VALUES \('rebuild'\)/,
  },
  {
    check: 'concurrent-start',
    why: 'the history is read before the write lock is taken',
    target: variant('concurrent-start'),
    snapshot: 'v0.9.5',
    message:
      /\d+ of 8 processes failed: .*(database is locked|already exists|duplicate column name|UNIQUE constraint failed)/,
  },
  {
    check: 'concurrent-start',
    why: 'a start that finds another upgrading returns as if the upgrade were done',
    target: variant('concurrent-start-gives-up'),
    // From v0.9.5 the processes that gave up leave the file as one start leaves it: only what each read
    // as it returned tells.
    snapshot: 'v0.9.5',
    message:
      /process \d+ of 8 returned from the start-up before the upgrade was done \(the history held \d+ of the \d+ entries/,
  },
  {
    check: 'interrupted',
    why: 'a migration and its history row are not in one transaction',
    target: variant('interrupted'),
    snapshot: 'v0.9.5',
    message:
      /kill points broke the upgrade: killed after statement \d+: the next start failed: .*(duplicate column name|already exists)/,
  },
  {
    check: 'interrupted',
    why: 'a migration and its history row go to SQLite as one script, with no transaction',
    target: variant('interrupted-script'),
    snapshot: 'v0.9.5',
    message:
      /kill points broke the upgrade: killed after statement \d+: the next start failed: .*(duplicate column name|already exists)/,
  },
  {
    check: 'refuses-newer',
    why: 'an unknown migration in the history is logged and ignored',
    target: variant('refuses-newer'),
    snapshot: 'v1.0.0',
    message: /initDb accepted a database with an unknown migration 9999_from_a_newer_release/,
  },
  {
    check: 'refuses-newer',
    why: 'start-up writes to the database before it reads the history, then refuses',
    target: variant('writes-before-history'),
    snapshot: 'v1.0.0',
    message:
      /initDb refused an unknown migration 9999_from_a_newer_release but changed the file \(MigrationError: .*does not know/,
  },
  {
    check: 'budget',
    why: 'a slow backfill runs on every start',
    target: variant('budget'),
    snapshot: 'v1.0.0',
    message: /the upgrade took \d+ ms, over the budget of 2000 ms/,
    config: (config) => ({ ...config, budgetMs: 2000 }),
  },
  {
    check: 'disk-full',
    why: 'each migration is marked applied before it runs',
    target: variant('disk-full'),
    snapshot: 'v0.9.5',
    // The migration recorded but rolled back: the start with room skips it, and its table never comes.
    // (Any start that ends elsewhere says "ended elsewhere": a non-idempotent one does, with rows.)
    message:
      /with room for \d+ more pages: then a start with room ended elsewhere: table \w+: missing in after a full disk, restarted/,
  },
  {
    check: 'disk-full',
    why: 'a migration that fails is logged and skipped, and the start reports success',
    target: variant('disk-full-swallowed'),
    snapshot: 'v0.9.5',
    message:
      /with room for \d+ more pages: the start succeeded without growing the database by the \d+ pages the upgrade needs: it went on after a disk-full error/,
  },
  {
    check: 'disk-full',
    why: 'start-up writes to the database outside the migrations, and a failed start leaves that write',
    target: variant('writes-before-history'),
    snapshot: 'v0.9.5',
    message:
      /with room for \d+ more pages: the failed start changed the database: table app_meta: only in after the failed start/,
  },
  {
    check: 'migrations-unchanged',
    why: 'a released migration file was edited instead of adding a new one',
    target: { module: path.join(root, 'app/init-db.ts') },
    snapshot: 'v0.9.5',
    message:
      /0001_auth_state_code_verifier\.sql: edited since v0\.9\.5 shipped it \(sha256 is [0-9a-f]{12}\.\.\., manifest says [0-9a-f]{12}\.\.\.\)/,
    config: async (config) => {
      const edited = await createTempFolder()
      cleanups.push(() => edited[Symbol.asyncDispose]())
      await cp(config.migrations!, edited.path, { recursive: true })
      const file = path.join(edited.path, '0001_auth_state_code_verifier.sql')
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace(
          'code_verifier TEXT',
          "code_verifier TEXT NOT NULL DEFAULT ''",
        ),
      )
      return { ...config, migrations: edited.path }
    },
  },
  {
    check: 'migrations-unchanged',
    why: 'a released migration kept in a folder of its own (Prisma, diesel) was edited',
    target: { module: path.join(root, 'app/init-db.ts') },
    snapshot: 'v0.9.5',
    message:
      /0001_auth_state_code_verifier\/migration\.sql: edited since v0\.9\.5 shipped it \(sha256 is [0-9a-f]{12}\.\.\., manifest says [0-9a-f]{12}\.\.\.\)/,
    config: async (config) => {
      const work = await createTempFolder()
      cleanups.push(() => work[Symbol.asyncDispose]())
      // v0.9.5 as it would have shipped with that layout, its snapshot written the way regeneration writes one.
      const released = path.join(work.path, 'released')
      await folderPerMigration(path.join(root, 'app/releases/v0.9.5/migrations'), released)
      const snapshots = path.join(work.path, 'snapshots')
      await writeSnapshot({
        dbPath: path.join(config.snapshots, 'v0.9.5', 'db.sqlite'),
        dir: path.join(snapshots, 'v0.9.5'),
        version: '0.9.5',
        migrationsDir: released,
      })
      const migrations = path.join(work.path, 'migrations')
      await folderPerMigration(config.migrations!, migrations)
      const file = path.join(migrations, '0001_auth_state_code_verifier', 'migration.sql')
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace(
          'code_verifier TEXT',
          "code_verifier TEXT NOT NULL DEFAULT ''",
        ),
      )
      return { ...config, snapshots, migrations }
    },
  },
]

describe('known-bad variants: every check can fail', { timeout: 180_000 }, () => {
  test.for(CASES)('$check rejects: $why', async (c) => {
    const base = await loadConfig(path.join(root, 'upgrade-harness.config.ts'))
    const config = c.config ? await c.config(base) : base
    const report = await runGate(config, {
      target: c.target,
      snapshots: [c.snapshot],
      checks: ['starts', c.check],
    })
    const result = report.results.find((r) => r.check === c.check)
    expect(result?.status, result?.message).toBe('fail')
    expect(result?.message).toMatch(c.message)
    expect(report.ok).toBe(false)
  })

  test('v1.0.0-rc.1 starts fine on an empty database, which is why its own tests missed the bug', async () => {
    await using target = await prepareTarget(
      { module: path.join(root, 'app/releases/v1.0.0-rc.1/init-db.ts') },
      { rootDir: root, timeoutMs: 30_000 },
    )
    await using empty = await createEmptyWorkingCopy()
    const run = await target.start(empty.dbPath)
    expect(run.error).toBeUndefined()
    expect(run.ok).toBe(true)
    expect(readHistory(empty.dbPath, { table: 'schema_migrations', column: 'migration_name' })).toEqual([
      '0001_auth_state_code_verifier',
      '0002_tokens_token_hash',
    ])
  })
})
