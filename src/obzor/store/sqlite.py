"""The embedded SQLite store (WAL): the store's verbs (core.Store) over one SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import cast

from sqlalchemy.exc import DBAPIError

from obzor.store import engine, migrations, upgrade
from obzor.store.base import StoreError
from obzor.store.core import Store

# Many processes share one base (ingest, watch, serve): a writer waits this long for another's
# write transaction (each holds it for one article, milliseconds) before giving up; readers
# never wait in WAL mode. A minute covers a checkpoint on a slow disk with room to spare.
BUSY_TIMEOUT_S = 60.0


class SQLiteStore(Store):
    """Articles, outlets, entities and mentions in one SQLite file, searchable by lemma."""

    def __init__(self, path: str) -> None:
        self.path = path
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            # Autocommit at the driver level; transactions are explicit (BEGIN ... COMMIT).
            self.conn = engine.connect(path, busy_timeout_s=BUSY_TIMEOUT_S)
        except StoreError as e:
            raise StoreError(f"cannot open database {path}: {e}") from e
        # The sqlite3 connection itself: PRAGMAs, the frozen numbered migrations, and the
        # server's per-query deadline (a progress handler, api/shedding.py).
        self.db = cast(sqlite3.Connection, self.conn.connection.dbapi_connection)
        try:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            upgrade.upgrade(self.conn, lambda: migrations.apply_pending(self.db))
        except (sqlite3.DatabaseError, DBAPIError) as e:
            self.conn.close()
            raise StoreError(f"cannot use database {path}: {getattr(e, 'orig', e)}") from e
        except BaseException:
            self.conn.close()
            raise
