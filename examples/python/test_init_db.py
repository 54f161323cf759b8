"""Tests of the Python example: each release's start-up, rc.1's bug, and the fixed init_db.

Run from this folder with `python3 -m unittest` (standard library only). Every start runs the real
script in a process of its own, as the harness does.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED = HERE / "init_db.py"
RELEASES = ("v0.1.0", "v0.9.5", "v1.0.0-rc.1")
ALL_MIGRATIONS = ["0000_initial", "0001_auth_state_code_verifier", "0002_tokens_token_hash"]
HISTORY = "schema_migrations"
START_TIMEOUT_S = 30


def start(script: Path, db: Path) -> subprocess.CompletedProcess[str]:
    """Start one init_db.py on `db` the way the harness does: its own process, the example as cwd."""
    return subprocess.run(
        [sys.executable, str(script), str(db)],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
    )


def release_script(release: str) -> Path:
    return HERE / "releases" / release / "init_db.py"


def load_fixed_module():
    """The fixed init_db as a module, for the parts a command line cannot reach."""
    spec = importlib.util.spec_from_file_location("fixed_init_db", FIXED)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_clauses(sql: str) -> list[str]:
    """The CHECK constraints of a CREATE TABLE, whitespace-normalised (parentheses matched by depth)."""
    text = " ".join(sql.split())
    clauses = []
    for match in re.finditer(r"\bCHECK\s*\(", text, flags=re.I):
        depth, end = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        clauses.append(text[match.end() : end - 1].strip())
    return sorted(clauses)


def schema_model(db: Path) -> dict:
    """The structure of a database, blind to column order and to how its SQL is formatted."""
    conn = sqlite3.connect(db)
    try:
        model: dict = {"user_version": conn.execute("PRAGMA user_version").fetchone()[0]}
        objects = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        ).fetchall()
        for kind, name, _table, sql in objects:
            if kind == "table":
                model[f"table {name}"] = table_model(conn, name, sql)
            elif kind in ("view", "trigger"):
                model[f"{kind} {name}"] = " ".join(sql.split()).lower()
        return model
    finally:
        conn.close()


def table_model(conn: sqlite3.Connection, table: str, sql: str) -> dict:
    columns = {
        row[1]: (row[2].upper(), row[3], row[4], row[5])  # type, notnull, default, pk
        for row in conn.execute(f"PRAGMA table_info({table})")
    }
    indexes = {}
    for _seq, name, unique, origin, partial in conn.execute(f"PRAGMA index_list({table})"):
        keys = tuple(
            (row[2], row[3], row[4])  # column, descending, collation
            for row in conn.execute(f"PRAGMA index_xinfo({name})")
            if row[5]
        )
        # Automatic indexes (UNIQUE, PRIMARY KEY) are named by position; compare them by what they cover.
        label = f"{origin} {keys}" if name.startswith("sqlite_autoindex_") else name
        indexes[label] = (unique, origin, partial, keys)
    return {"columns": columns, "indexes": indexes, "checks": check_clauses(sql)}


def history(db: Path, order: str = "rowid") -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute(f"SELECT migration_name FROM {HISTORY} ORDER BY {order}")]
    finally:
        conn.close()


def table_rows(db: Path) -> dict[str, tuple[list[str], Counter]]:
    """Every row of every table, by table: its column names and the rows as a multiset."""
    conn = sqlite3.connect(db)
    try:
        result = {}
        names = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        ).fetchall()
        for (name,) in names:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({name})")]
            rows = conn.execute(f"SELECT * FROM {name}").fetchall()
            result[name] = (columns, Counter(rows))
        return result
    finally:
        conn.close()


def project(rows: tuple[list[str], Counter], columns: list[str]) -> Counter:
    names, counter = rows
    positions = [names.index(column) for column in columns]
    projected: Counter = Counter()
    for row, count in counter.items():
        projected[tuple(row[i] for i in positions)] += count
    return projected


class ReleasedDatabases:
    """Each release's database, built once per test run: its init_db on an empty file, then its fixtures."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="python-example-")
        self.work = Path(self._tmp.name)
        self.released: dict[str, Path] = {}
        for release in RELEASES:
            db = self.work / f"{release}.sqlite"
            run = start(release_script(release), db)
            if run.returncode != 0:
                raise AssertionError(f"{release} init_db failed on an empty file:\n{run.stderr}")
            conn = sqlite3.connect(db)
            try:
                conn.executescript((HERE / "releases" / release / "fixtures.sql").read_text(encoding="utf-8"))
            finally:
                conn.close()
            self.released[release] = db
        self.fresh = self.work / "fresh.sqlite"
        run = start(FIXED, self.fresh)
        if run.returncode != 0:
            raise AssertionError(f"the fixed init_db failed on an empty file:\n{run.stderr}")

    def cleanup(self) -> None:
        self._tmp.cleanup()


_databases: ReleasedDatabases | None = None


def tearDownModule() -> None:
    if _databases is not None:
        _databases.cleanup()


class ExampleTestCase(unittest.TestCase):
    """A test that works on copies of the released databases."""

    work: Path
    released: dict[str, Path]
    fresh: Path

    @classmethod
    def setUpClass(cls) -> None:
        global _databases
        if _databases is None:
            _databases = ReleasedDatabases()
        cls.work, cls.released, cls.fresh = _databases.work, _databases.released, _databases.fresh

    def copy(self, source: Path, name: str) -> Path:
        target = self.work / f"{self.id().rsplit('.', 1)[-1]}-{name}.sqlite"
        shutil.copyfile(source, target)
        self.addCleanup(target.unlink, missing_ok=True)
        return target

    def assertStarted(self, run: subprocess.CompletedProcess[str]) -> None:
        self.assertEqual(run.returncode, 0, f"exit {run.returncode}, stderr:\n{run.stderr}")


class EmptyFileTest(ExampleTestCase):
    def test_every_release_starts_on_an_empty_file(self) -> None:
        for script in [*(release_script(release) for release in RELEASES), FIXED]:
            with self.subTest(script=str(script.relative_to(HERE))):
                db = self.work / "empty.sqlite"
                self.addCleanup(db.unlink, missing_ok=True)
                db.unlink(missing_ok=True)
                self.assertStarted(start(script, db))

    def test_a_fresh_install_records_every_migration_once_in_order(self) -> None:
        self.assertEqual(history(self.fresh), ALL_MIGRATIONS)

    def test_rc1_fresh_install_builds_what_the_migrations_build(self) -> None:
        # rc.1's schema script and the fixed release's migrations must agree, or an rc.1 database
        # could never match a fresh one.
        self.assertEqual(schema_model(self.released["v1.0.0-rc.1"]), schema_model(self.fresh))

    def test_0000_initial_is_the_v0_1_0_schema(self) -> None:
        conn = sqlite3.connect(self.work / "initial.sqlite")
        self.addCleanup((self.work / "initial.sqlite").unlink, missing_ok=True)
        try:
            conn.executescript((HERE / "migrations" / "0000_initial.sql").read_text(encoding="utf-8"))
        finally:
            conn.close()
        v010 = self.work / "v010-empty.sqlite"
        self.addCleanup(v010.unlink, missing_ok=True)
        self.assertStarted(start(release_script("v0.1.0"), v010))
        self.assertEqual(schema_model(self.work / "initial.sqlite"), schema_model(v010))


class Rc1BugTest(ExampleTestCase):
    def test_rc1_on_a_v0_9_5_database_fails_with_no_such_column_token_hash(self) -> None:
        db = self.copy(self.released["v0.9.5"], "v0.9.5")
        before = db.read_bytes()
        run = start(release_script("v1.0.0-rc.1"), db)
        self.assertEqual(run.returncode, 1)
        self.assertEqual(run.stderr.strip().splitlines()[-1], "sqlite3.OperationalError: no such column: token_hash")
        # It fails in the schema script, before any migration: the database is untouched.
        self.assertEqual(db.read_bytes(), before)


class FixedUpgradeTest(ExampleTestCase):
    def test_upgrades_every_release_to_what_a_fresh_install_builds(self) -> None:
        for release in RELEASES:
            with self.subTest(release=release):
                db = self.copy(self.released[release], release)
                self.assertStarted(start(FIXED, db))
                self.assertEqual(schema_model(db), schema_model(self.fresh))
                self.assertEqual(history(db), ALL_MIGRATIONS)
                self.assertEqual(history(db, "applied_at, rowid"), ALL_MIGRATIONS)
                conn = sqlite3.connect(db)
                try:
                    self.assertEqual(conn.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
                finally:
                    conn.close()

    def test_keeps_every_row_except_plain_text_tokens(self) -> None:
        for release in RELEASES:
            with self.subTest(release=release):
                before = table_rows(self.released[release])
                db = self.copy(self.released[release], release)
                self.assertStarted(start(FIXED, db))
                after = table_rows(db)
                for table, rows in before.items():
                    plain_tokens = table == "tokens" and "token" in rows[0]
                    if table == HISTORY or plain_tokens:
                        continue
                    common = [column for column in rows[0] if column in after[table][0]]
                    self.assertEqual(project(after[table], common), project(rows, common), table)
                old_history = {row[0]: row[1] for row in before.get(HISTORY, ([], Counter()))[1]}
                new_history = {row[0]: row[1] for row in after[HISTORY][1]}
                self.assertLessEqual(old_history.items(), new_history.items(), "history rows kept as they were")

    def test_a_second_start_changes_nothing(self) -> None:
        for release in RELEASES:
            with self.subTest(release=release):
                db = self.copy(self.released[release], release)
                self.assertStarted(start(FIXED, db))
                upgraded = db.read_bytes()
                self.assertStarted(start(FIXED, db))
                self.assertEqual(db.read_bytes(), upgraded)

    def test_refuses_a_database_from_a_newer_release_and_leaves_it_byte_identical(self) -> None:
        for source in ("fresh", "v0.1.0"):
            with self.subTest(source=source):
                db = self.copy(self.fresh if source == "fresh" else self.released["v0.1.0"], source)
                conn = sqlite3.connect(db)
                try:
                    with conn:
                        conn.execute(
                            f"CREATE TABLE IF NOT EXISTS {HISTORY} "
                            "(migration_name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
                        )
                        conn.execute(
                            f"INSERT INTO {HISTORY} VALUES ('9999_from_a_newer_release', '2030-01-01T00:00:00.000Z')"
                        )
                finally:
                    conn.close()
                before = db.read_bytes()
                run = start(FIXED, db)
                self.assertEqual(run.returncode, 1, run.stderr)
                self.assertEqual(len(run.stderr.strip().splitlines()), 1, run.stderr)
                self.assertIn("9999_from_a_newer_release", run.stderr)
                self.assertEqual(db.read_bytes(), before)

    def test_concurrent_starts_apply_each_migration_once(self) -> None:
        db = self.work / "concurrent.sqlite"
        self.addCleanup(db.unlink, missing_ok=True)
        starts = [
            subprocess.Popen([sys.executable, str(FIXED), str(db)], cwd=HERE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)
        ]
        for process in starts:
            _, stderr = process.communicate(timeout=START_TIMEOUT_S)
            self.assertEqual(process.returncode, 0, stderr)
        self.assertEqual(history(db), ALL_MIGRATIONS)
        self.assertEqual(schema_model(db), schema_model(self.fresh))

    def test_a_failing_migration_is_rolled_back_and_named(self) -> None:
        fixed = load_fixed_module()
        migrations = self.work / "broken-migrations"
        migrations.mkdir()
        self.addCleanup(shutil.rmtree, migrations)
        for name in ALL_MIGRATIONS[:2]:
            shutil.copyfile(HERE / "migrations" / f"{name}.sql", migrations / f"{name}.sql")
        (migrations / "0002_broken.sql").write_text(
            "CREATE TABLE half_done (id INTEGER PRIMARY KEY);\nALTER TABLE no_such_table ADD COLUMN x TEXT;\n"
        )
        db = self.copy(self.released["v0.9.5"], "v0.9.5")
        with self.assertRaisesRegex(fixed.InitDbError, r"migration 0002_broken failed: OperationalError: no such table"):
            fixed.init_db(str(db), migrations)
        self.assertEqual(history(db), ALL_MIGRATIONS[:2])
        self.assertNotIn("table half_done", schema_model(db))


class SplitStatementsTest(unittest.TestCase):
    def test_keeps_strings_comments_and_trigger_bodies_whole(self) -> None:
        fixed = load_fixed_module()
        script = (
            "-- a comment; with a semicolon\n"
            "INSERT INTO t VALUES ('a;b', \"c;d\");\n"
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET x = 1; DELETE FROM u; END;\n"
            "/* trailing; comment */\n"
        )
        statements = fixed.split_statements(script)
        self.assertEqual(len(statements), 2)
        self.assertTrue(statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;"))

    def test_refuses_a_statement_without_its_semicolon(self) -> None:
        fixed = load_fixed_module()
        with self.assertRaisesRegex(ValueError, "without a closing semicolon"):
            fixed.split_statements("CREATE TABLE t (x);\nCREATE TABLE u (y)")


class ReleaseFilesTest(unittest.TestCase):
    def test_a_migration_shipped_by_several_releases_is_byte_identical(self) -> None:
        shipped = sorted((HERE / "releases").glob("*/migrations/*.sql"))
        self.assertGreaterEqual(len(shipped), 3)
        for file in shipped:
            with self.subTest(file=str(file.relative_to(HERE))):
                self.assertEqual(file.read_bytes(), (HERE / "migrations" / file.name).read_bytes())

    def test_every_path_in_the_config_exists(self) -> None:
        config = json.loads((HERE / "upgrade-harness.config.json").read_text(encoding="utf-8"))
        self.assertEqual([release["name"] for release in config["releases"]], list(RELEASES))
        paths = [config["migrations"], config["target"]["command"][1]]
        for release in config["releases"]:
            paths += [release["target"]["command"][1], *release["fixtures"]]
            paths += [release["migrations"]] if "migrations" in release else []
        for path in paths:
            with self.subTest(path=path):
                self.assertTrue((HERE / path).exists())


if __name__ == "__main__":
    unittest.main()
