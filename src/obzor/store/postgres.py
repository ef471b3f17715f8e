"""The PostgreSQL store: the store's verbs (core.Store) over a postgresql:// database.

The verbs are the same Core expressions as in SQLite; what PostgreSQL does differently is in
small named functions (dialect.py, fts.py: full-text search by lemma over a GIN index,
similar names by pg_trgm). Only connecting differs, here.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from obzor.store import engine, legacy_postgres, upgrade
from obzor.store.base import StoreError
from obzor.store.core import Store


class PostgresStore(Store):
    """The store in PostgreSQL: same verbs, same answers; search by lemma over a GIN index."""

    def __init__(self, url: str) -> None:
        self.path = url
        self.conn = engine.connect(url)
        try:
            # A base from before Alembic: its numbered migrations, as that release ran them.
            upgrade.upgrade(self.conn, lambda: legacy_postgres.apply_pending(self.conn))
        except DBAPIError as e:
            self.conn.close()
            raise StoreError(f"cannot use PostgreSQL database: {str(e.orig).strip()}") from e
        except BaseException:
            self.conn.close()
            raise
