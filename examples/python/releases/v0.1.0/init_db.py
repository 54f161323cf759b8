"""Database start-up of release v0.1.0, frozen as shipped: run the schema script, nothing else.

Usage: python3 init_db.py DBPATH
"""

import sqlite3
import sys
from pathlib import Path

SCHEMA = Path(__file__).resolve().parent / "schema.sql"


def init_db(path):
    """Create the tables this release needs; an existing database is left as it is."""
    conn = sqlite3.connect(path)
    try:
        conn.executescript(SCHEMA.read_text(encoding="utf-8"))
    finally:
        conn.close()


if __name__ == "__main__":
    init_db(sys.argv[1])
