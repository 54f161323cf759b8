/**
 * Benchmark of the schema inspector and the diff on a large schema: 1,000 tables, each with indexes,
 * a foreign key and a trigger, generated at run time in a temporary folder.
 *
 *   npx tsx bench/inspect.bench.ts
 */
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { diffSchemas } from '../harness/diff/diff-schemas.ts'
import { inspectDatabase } from '../harness/inspect/inspect-database.ts'
import { scratchDatabases } from '../harness/inspect/scratch-databases.ts'

/** Tables in the generated database. */
export const BENCH_TABLES = 1_000
/** Timed repetitions of each measurement (the median is reported). */
export const BENCH_REPETITIONS = 7
/** Goal for `inspectDatabase` on the generated database. */
export const INSPECT_GOAL_MS = 300
/** Goal for `diffSchemas` of two such models. */
export const DIFF_GOAL_MS = 100

/** One measurement: its median over the repetitions and its goal. */
export interface BenchResult {
  name: string
  medianMs: number
  goalMs: number
}

/** SQL for `tables` tables, each with two indexes (one partial), a foreign key and a trigger. */
export function largeSchemaSql(tables: number): string {
  const out = ['PRAGMA journal_mode = WAL', 'BEGIN']
  for (let i = 0; i < tables; i++) {
    const parent = i === 0 ? '' : `, parent_id INTEGER REFERENCES t${i - 1}(id) ON DELETE CASCADE`
    out.push(
      `CREATE TABLE t${i} (id INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE NOCASE UNIQUE, ` +
        `body TEXT DEFAULT '', created_at TEXT NOT NULL DEFAULT (datetime('now')), ` +
        `score REAL CHECK (score >= 0)${parent})`,
      `CREATE INDEX t${i}_created ON t${i}(created_at DESC)`,
      `CREATE INDEX t${i}_body ON t${i}(lower(body)) WHERE body <> ''`,
      `CREATE TRIGGER t${i}_touch AFTER UPDATE ON t${i} BEGIN ` +
        `UPDATE t${i} SET created_at = datetime('now') WHERE id = new.id; END`,
    )
  }
  out.push('COMMIT')
  return out.join(';\n') + ';'
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

function time(repetitions: number, run: () => void): number {
  const samples: number[] = []
  run() // warm-up: module loading and SQLite's page cache are not what is measured
  for (let i = 0; i < repetitions; i++) {
    const start = performance.now()
    run()
    samples.push(performance.now() - start)
  }
  return median(samples)
}

/** Runs the benchmark and returns the medians; the temporary database is removed afterwards. */
export async function runInspectBench(): Promise<BenchResult[]> {
  await using dbs = await scratchDatabases()
  const file = dbs.build(largeSchemaSql(BENCH_TABLES))
  const inspectMs = time(BENCH_REPETITIONS, () => void inspectDatabase(file))
  const expected = inspectDatabase(file)
  const actual = inspectDatabase(file)
  const diffMs = time(BENCH_REPETITIONS, () => void diffSchemas(expected, actual))
  return [
    { name: `inspect ${BENCH_TABLES} tables`, medianMs: inspectMs, goalMs: INSPECT_GOAL_MS },
    { name: `diff ${BENCH_TABLES} tables`, medianMs: diffMs, goalMs: DIFF_GOAL_MS },
  ]
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await runInspectBench()
  for (const r of results) {
    const verdict = r.medianMs <= r.goalMs ? 'ok' : 'OVER GOAL'
    console.log(`${r.name}: median ${r.medianMs.toFixed(1)} ms (goal < ${r.goalMs} ms) ${verdict}`)
  }
  process.exitCode = results.every((r) => r.medianMs <= r.goalMs) ? 0 : 1
}
