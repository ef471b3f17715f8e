"""Jobs for the search worker processes in tests: module-level, so a spawned worker imports
them by name."""

from __future__ import annotations

import sqlite3
from typing import Any

ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


def endless(store: Any) -> str:
    """A query that never ends by itself: how it ended ("interrupted" when stopped)."""
    try:
        store.db.execute(ENDLESS).fetchone()
    except sqlite3.OperationalError as e:
        return str(e)
    return "finished"
