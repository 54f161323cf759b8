import { mkdir, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { writeSnapshot } from '../harness/snapshots/write-snapshot.ts'

/** Rows each release adds to the tables it can write: enough to make copies and comparisons real. */
export const ROWS_PER_RELEASE = 20

/** The link to better-sqlite3 inside the chain's folder: unlink it before removing the folder. */
export const CHAIN_LINK = path.join('node_modules', 'better-sqlite3')

/** The config file the chain is written with. */
export const CHAIN_CONFIG_FILE = 'upgrade-harness.config.mjs'

// The chain's own start-up path: every migration in its own transaction with its history row, foreign
// keys off for table rebuilds (as the reference app does). `initDbUpTo` is how each release's snapshot
// is made: the same code, stopped at that release.
const INIT_DB = `import { readdirSync, readFileSync } from 'node:fs'
import Database from 'better-sqlite3'

const MIGRATIONS = new URL('./migrations/', import.meta.url)

export function initDbUpTo(path, count) {
  const files = readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql')).sort().slice(0, count)
  const db = new Database(path)
  try {
    db.pragma('busy_timeout = 5000')
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = OFF')
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (migration_name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)')
    const record = db.prepare('INSERT INTO schema_migrations (migration_name) VALUES (?)')
    const applied = db.prepare('SELECT 1 FROM schema_migrations WHERE migration_name = ?').pluck()
    for (const file of files) {
      db.transaction(() => {
        if (applied.get(file)) return
        db.exec(readFileSync(new URL(file, MIGRATIONS), 'utf8'))
        record.run(file)
      }).immediate()
    }
  } finally {
    db.close()
  }
}

export function initDb(path) {
  initDbUpTo(path, Infinity)
}
`

/** A generated release chain in a folder of its own: config, target module, migrations, snapshots. */
export interface SyntheticChain {
  /** The config file to load. */
  configFile: string
  /** Releases (and snapshots) in the chain. */
  releases: number
}

/** One migration of the chain and the rows the release that shipped it adds afterwards. */
interface Step {
  file: string
  sql: string
  rows: string
}

/**
 * Writes a chain of `releases` releases into `folder` (which must exist and be empty): release i ships
 * migration i, cycling through the kinds real applications ship (add a column with a default, create a
 * table with a foreign key, create an index, rebuild a table, add a trigger), and its snapshot is made by
 * the chain's own initDb stopped at release i, plus rows. better-sqlite3 from `nodeModules` is linked in so the
 * target resolves better-sqlite3 as an application's own code would.
 * Unlink {@link CHAIN_LINK} before removing the folder.
 */
export async function writeSyntheticChain(
  folder: string,
  releases: number,
  nodeModules: string,
): Promise<SyntheticChain> {
  // A real node_modules holding a link to the one package the target imports: the harness bundles into
  // node_modules/.cache, which must then lie inside this folder (and esbuild reports real paths).
  await mkdir(path.join(folder, 'node_modules'))
  await symlink(path.join(nodeModules, 'better-sqlite3'), path.join(folder, CHAIN_LINK), 'dir')
  await mkdir(path.join(folder, 'migrations'))
  await writeFile(path.join(folder, 'init-db.mjs'), INIT_DB)
  const steps = Array.from({ length: releases }, (_, i) => step(i))
  for (const s of steps) await writeFile(path.join(folder, 'migrations', s.file), s.sql)
  await writeFile(path.join(folder, CHAIN_CONFIG_FILE), CONFIG)
  const module = (await import(pathToFileURL(path.join(folder, 'init-db.mjs')).href)) as {
    initDbUpTo: (file: string, count: number) => void
  }
  const work = path.join(folder, 'work.sqlite')
  const Database = (await import('better-sqlite3')).default
  for (let i = 0; i < releases; i++) {
    module.initDbUpTo(work, i + 1)
    const db = new Database(work)
    try {
      db.exec(steps[i]!.rows)
    } finally {
      db.close()
    }
    const name = `r${String(i + 1).padStart(4, '0')}`
    await writeSnapshot({ dbPath: work, dir: path.join(folder, 'snapshots', name), version: `1.${i + 1}.0` })
  }
  return { configFile: path.join(folder, CHAIN_CONFIG_FILE), releases }
}

const CONFIG = `export default {
  snapshots: 'snapshots',
  target: { module: 'init-db.mjs', export: 'initDb' },
  history: { table: 'schema_migrations', column: 'migration_name' },
  migrations: 'migrations',
}
`

/** Migration i (0-based) and its release's rows. Every fifth release starts a new table's story. */
function step(i: number): Step {
  const c = Math.floor(i / 5)
  const t = `t${c}`
  const number = String(i + 1).padStart(4, '0')
  const itemRows = insertItems(i)
  switch (i % 5) {
    case 0:
      return {
        file: `${number}_items_add_c${c}.sql`,
        sql:
          (i === 0
            ? 'CREATE TABLE items (id INTEGER PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);\n'
            : '') + `ALTER TABLE items ADD COLUMN c${c} TEXT NOT NULL DEFAULT 'none';\n`,
        rows: itemRows,
      }
    case 1:
      return {
        file: `${number}_create_${t}.sql`,
        sql: `CREATE TABLE ${t} (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE, label TEXT, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);\n`,
        rows: itemRows + insertChildren(t, i, false),
      }
    case 2:
      return {
        file: `${number}_index_${t}_label.sql`,
        sql: `CREATE INDEX ${t}_label ON ${t}(label) WHERE label IS NOT NULL;\n`,
        rows: itemRows + insertChildren(t, i, false),
      }
    case 3:
      return {
        file: `${number}_rebuild_${t}.sql`,
        sql: `CREATE TABLE ${t}_new (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE, label TEXT COLLATE NOCASE, note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200), created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
INSERT INTO ${t}_new (id, item_id, label, created_at) SELECT id, item_id, label, created_at FROM ${t};
DROP TABLE ${t};
ALTER TABLE ${t}_new RENAME TO ${t};
CREATE INDEX ${t}_label ON ${t}(label) WHERE label IS NOT NULL;
`,
        rows: itemRows + insertChildren(t, i, true),
      }
    default:
      return {
        file: `${number}_trigger_${t}_note.sql`,
        sql: `CREATE TRIGGER ${t}_edited AFTER UPDATE OF label ON ${t} BEGIN UPDATE ${t} SET note = 'edited' WHERE id = new.id; END;\n`,
        rows: itemRows + insertChildren(t, i, true),
      }
  }
}

function insertItems(i: number): string {
  return Array.from(
    { length: ROWS_PER_RELEASE },
    (_, r) => `INSERT INTO items (body) VALUES ('release ${i + 1} item ${r} ' || char(${0x4e00 + r}));\n`,
  ).join('')
}

function insertChildren(table: string, i: number, withNote: boolean): string {
  return Array.from({ length: ROWS_PER_RELEASE }, (_, r) => {
    const label = r % 4 === 0 ? 'NULL' : `'label ${i + 1}.${r}'`
    const parent = `(SELECT max(id) - ${r} FROM items)`
    return withNote
      ? `INSERT INTO ${table} (item_id, label, note) VALUES (${parent}, ${label}, 'n${r}');\n`
      : `INSERT INTO ${table} (item_id, label) VALUES (${parent}, ${label});\n`
  }).join('')
}
