"""What the kill -9 tests share: the obzor command line of a child process, and a row count
that reads a base another process may be killed while writing."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path


def obzor_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from obzor.cli import main; main()", *args]


def count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    con = sqlite3.connect(db, timeout=5)
    try:
        return int(con.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # tables not made yet
    finally:
        con.close()
