"""The store: open_store(url) returns a backend with a few verbs over rows; all SQL lives here."""

from __future__ import annotations

from obzor.store.base import Hit, QueryError, StoreError
from obzor.store.core import Store
from obzor.store.engine import is_postgres, sqlite_path
from obzor.store.postgres import PostgresStore
from obzor.store.sqlite import SQLiteStore

__all__ = [
    "Hit",
    "PostgresStore",
    "QueryError",
    "SQLiteStore",
    "Store",
    "StoreError",
    "open_store",
]


def open_store(url: str) -> Store:
    """Open (creating and migrating if needed) the store at a database URL or bare path."""
    if is_postgres(url):
        return PostgresStore(url)
    return SQLiteStore(sqlite_path(url))
