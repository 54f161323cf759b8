"""Database start-up of release v0.9.5, frozen as shipped.

It runs the latest schema script (CREATE ... IF NOT EXISTS), then the migrations: on a database that
was empty before the script, every migration is recorded as applied without running it, because the
script already built the latest schema; otherwise the unrecorded ones are applied. Failures propagate,
so Python prints the traceback and exits with status 1.

Usage: python3 init_db.py DBPATH
"""

import sqlite3
import sys
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCHEMA = HERE / "schema.sql"
MIGRATIONS = HERE / "migrations"


def now():
    """The current time as ISO 8601 UTC with milliseconds, the history's timestamp format."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def init_db(path):
    """Bring the database at `path` to this release's schema."""
    conn = sqlite3.connect(path)
    try:
        was_empty = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        conn.executescript(SCHEMA.read_text(encoding="utf-8"))
        applied = {row[0] for row in conn.execute("SELECT migration_name FROM schema_migrations")}
        for file in sorted(MIGRATIONS.glob("*.sql")):
            if file.stem in applied:
                continue
            if not was_empty:
                conn.executescript(file.read_text(encoding="utf-8"))
            conn.execute(
                "INSERT INTO schema_migrations (migration_name, applied_at) VALUES (?, ?)",
                (file.stem, now()),
            )
            conn.commit()
    finally:
        conn.close()


if __name__ == "__main__":
    init_db(sys.argv[1])
