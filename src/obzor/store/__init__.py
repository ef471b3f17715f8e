"""The store: open_store(url) returns a backend with a few verbs over rows; all SQL lives here."""

from __future__ import annotations

import re

from obzor.store.base import Hit, QueryError, StoreError
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

Store = SQLiteStore | PostgresStore  # every backend has the same verbs
SUPPORTED = "sqlite:///PATH, sqlite:///:memory:, postgresql://... or a bare file path"
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def open_store(url: str) -> Store:
    """Open (creating and migrating if needed) the store at a database URL or bare path."""
    match = _SCHEME.match(url)
    if match is not None and match.group(1).lower() in ("postgresql", "postgres"):
        return PostgresStore(url)
    return SQLiteStore(sqlite_path(url))


def sqlite_path(url: str) -> str:
    """The file path (or ":memory:") that a sqlite URL or bare path names."""
    match = _SCHEME.match(url)
    if match is None:
        path = url
    elif match.group(1).lower() == "sqlite":
        # sqlite:///rel.db -> rel.db, sqlite:////abs.db -> /abs.db, sqlite:// -> memory
        rest = url[match.end() :]
        if rest and not rest.startswith("/"):
            raise StoreError(f"sqlite URL must look like sqlite:///PATH, got host part {rest!r}")
        path = rest[1:] if rest else ":memory:"
    else:
        # Only the scheme is echoed: the rest of a URL may hold a password.
        raise StoreError(
            f"unsupported database URL scheme {match.group(1)!r}; supported: {SUPPORTED}"
        )
    if not path.strip():
        raise StoreError(f"database URL names no file; supported: {SUPPORTED}")
    return path
