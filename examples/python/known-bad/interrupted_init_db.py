"""Broken for `interrupted`, as a black box: each migration commits on its own, then a slow backfill
runs, and only then is the migration recorded. Killed during the backfill, the migration is applied but
not recorded, and the next start fails applying it again."""

import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from init_db import BASELINE, HISTORY_TABLE, MIGRATIONS_DIR, NOW_SQL, load_migrations  # noqa: E402

BACKFILL_SECONDS = 0.3


def init_db(path: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {HISTORY_TABLE} (migration_name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        applied = {row[0] for row in conn.execute(f"SELECT migration_name FROM {HISTORY_TABLE}")}
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'notes'").fetchone()[0]
        if BASELINE not in applied and has_tables:
            conn.execute(f"INSERT INTO {HISTORY_TABLE} VALUES (?, {NOW_SQL})", (BASELINE,))
            applied.add(BASELINE)
        for name, sql in load_migrations(MIGRATIONS_DIR).items():
            if name in applied:
                continue
            conn.executescript(sql)
            time.sleep(BACKFILL_SECONDS)
            conn.execute(f"INSERT INTO {HISTORY_TABLE} VALUES (?, {NOW_SQL})", (name,))
    finally:
        conn.close()


if __name__ == "__main__":
    init_db(sys.argv[1])
