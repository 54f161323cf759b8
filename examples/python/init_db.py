"""Database start-up of the current release (the fix for v1.0.0-rc.1).

Every schema change is a migration in `migrations/`, and migrations are the first and only thing that
touches the schema: `0000_initial.sql` is the schema as first released, each later file one change.

- The write lock (`BEGIN IMMEDIATE`) is taken before the history is read, and each migration is applied
  together with its history row in one transaction, so two processes starting at once never apply a
  migration twice, and a start killed half-way leaves the database as it was before that migration.
- A database made before the history existed (v0.1.0: the app's tables, no `schema_migrations`), or
  whose history starts after 0000 (v0.9.5, v1.0.0-rc.1), gets `0000_initial` recorded as a baseline
  instead of run: its tables are already there.
- A history naming a migration this release does not know means a newer release wrote the database:
  it is refused and left exactly as it was.

Usage: python3 init_db.py DBPATH   (exit 0: up to date; 1: refused or failed, with one line on stderr)
"""

from __future__ import annotations

import re
import sqlite3
import sys
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
"""Where this release's migrations live: `NNNN_name.sql`, applied in name order."""

HISTORY_TABLE = "schema_migrations"
"""The history: one row per applied migration, named after its file without `.sql`."""

BASELINE = "0000_initial"
"""The migration that a database holding the app's tables already contains."""

BUSY_TIMEOUT_S = 5.0
"""How long to wait for another process's write lock before giving up (seconds)."""

MIGRATION_NAME = re.compile(r"^\d{4}_[a-z0-9_]+$")

# Millisecond ISO 8601 UTC, computed by SQLite so every row of one transaction agrees with the clock
# of the database's host.
NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


class InitDbError(Exception):
    """A database this release cannot start on; the message names the reason in one line."""


def init_db(path: str, migrations_dir: Path = MIGRATIONS_DIR) -> list[str]:
    """Bring the database at `path` up to date; returns the migrations applied or baselined, in order.

    Raises InitDbError when the database was written by a newer release or a migration fails (the
    failing migration is rolled back); the connection is closed in every case.
    """
    migrations = load_migrations(migrations_dir)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        done: list[str] = []
        while (step := _next_step(conn, migrations)) is not None:
            done.append(step)
        return done
    finally:
        conn.close()


def load_migrations(folder: Path) -> dict[str, str]:
    """The migrations in `folder`, by name, in the order they apply."""
    migrations: dict[str, str] = {}
    for file in sorted(folder.glob("*.sql")):
        if not MIGRATION_NAME.match(file.stem):
            raise ValueError(f"{file}: a migration file is named NNNN_words.sql")
        migrations[file.stem] = file.read_text(encoding="utf-8")
    if BASELINE not in migrations:
        raise ValueError(f"{folder}: {BASELINE}.sql is missing")
    return migrations


def split_statements(sql: str) -> list[str]:
    """Split a script into single statements (string literals, comments and triggers kept whole).

    `executescript` would be simpler, but it commits any open transaction first, which would break
    the one-transaction-per-migration rule.
    """
    statements: list[str] = []
    start = 0
    for end, char in enumerate(sql):
        if char == ";" and sqlite3.complete_statement(sql[start : end + 1]):
            statements.append(sql[start : end + 1].strip())
            start = end + 1
    rest = re.sub(r"--[^\n]*|/\*.*?\*/", "", sql[start:], flags=re.S).strip()
    if rest:
        raise ValueError(f"statement without a closing semicolon: {rest[:60]!r}")
    return statements


def _next_step(conn: sqlite3.Connection, migrations: dict[str, str]) -> str | None:
    """Under the write lock: record the baseline or apply the next pending migration; None when done."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {HISTORY_TABLE} "
            "(migration_name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        applied = [row[0] for row in conn.execute(f"SELECT migration_name FROM {HISTORY_TABLE}")]
        unknown = [name for name in applied if name not in migrations]
        if unknown:
            raise InitDbError(
                f"its history holds {', '.join(unknown)}, unknown to this release "
                f"(latest known: {list(migrations)[-1]}): a newer release wrote it"
            )
        if BASELINE not in applied and _has_app_tables(conn):
            _record_baseline(conn)
            step: str | None = BASELINE
        else:
            step = next((name for name in migrations if name not in applied), None)
            if step is not None:
                _apply(conn, step, migrations[step])
        conn.execute("COMMIT")
        return step
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _has_app_tables(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        "AND name <> ?",
        (HISTORY_TABLE,),
    ).fetchone()
    return row[0] > 0


def _record_baseline(conn: sqlite3.Connection) -> None:
    # Readers list the history in insertion order (rowid) or by time; 0000 came before everything
    # else, so it takes the lowest rowid and the earliest time, and an upgraded history reads exactly
    # like a fresh install's.
    conn.execute(
        f"INSERT INTO {HISTORY_TABLE} (rowid, migration_name, applied_at) "
        f"SELECT coalesce(min(rowid), 1) - 1, ?, coalesce(min(applied_at), {NOW_SQL}) FROM {HISTORY_TABLE}",
        (BASELINE,),
    )


def _apply(conn: sqlite3.Connection, name: str, sql: str) -> None:
    try:
        for statement in split_statements(sql):
            conn.execute(statement)
        conn.execute(
            f"INSERT INTO {HISTORY_TABLE} (migration_name, applied_at) VALUES (?, {NOW_SQL})", (name,)
        )
    except sqlite3.Error as error:
        raise InitDbError(f"migration {name} failed: {type(error).__name__}: {error}") from error


def main(argv: list[str]) -> int:
    """Command line entry: `init_db.py DBPATH`; returns the exit status."""
    if len(argv) != 2:
        print("usage: python3 init_db.py DBPATH", file=sys.stderr)
        return 2
    try:
        init_db(argv[1])
    except InitDbError as error:
        print(f"init_db: {argv[1]}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
