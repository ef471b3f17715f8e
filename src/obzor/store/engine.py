"""Database URLs and connections: a store's SQLAlchemy engine for a sqlite or postgresql URL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from obzor.store.base import StoreError

SUPPORTED = "sqlite:///PATH, sqlite:///:memory:, postgresql://... or a bare file path"
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
# A server that does not answer in this many seconds is reported, not waited for.
CONNECT_TIMEOUT_S = 10


def is_postgres(url: str) -> bool:
    """Whether url names a PostgreSQL database."""
    match = _SCHEME.match(url)
    return match is not None and match.group(1).lower() in ("postgresql", "postgres")


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


def engine_url(url: str) -> str:
    """The SQLAlchemy URL of a store URL: psycopg for PostgreSQL, the file for SQLite."""
    if is_postgres(url):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    path = sqlite_path(url)
    return "sqlite://" if path == ":memory:" else f"sqlite:///{path}"


def connect(url: str, busy_timeout_s: float = 5.0) -> Connection:
    """One connection to the base at url, in autocommit: the store begins and ends its
    transactions itself (BEGIN IMMEDIATE in SQLite, BEGIN and an advisory lock in PostgreSQL).
    busy_timeout_s: how long a SQLite writer waits for another's transaction to end.
    """
    if is_postgres(url):
        try:
            import psycopg  # noqa: F401
        except ImportError:  # pragma: no cover - depends on the installed extras
            raise StoreError("PostgreSQL needs psycopg: pip install 'obzor[postgres]'") from None
        args: dict[str, object] = {"connect_timeout": CONNECT_TIMEOUT_S}
    else:
        args = {"timeout": busy_timeout_s}
    engine: Engine = create_engine(
        engine_url(url), connect_args=args, isolation_level="AUTOCOMMIT", poolclass=_pool()
    )
    try:
        return engine.connect()
    except DBAPIError as e:
        # The driver's message names host and port or the file, never a password.
        what = "PostgreSQL" if is_postgres(url) else "database"
        raise StoreError(f"cannot connect to {what}: {str(e.orig).strip()}") from e


def _pool() -> type:
    """No pool: a store holds its one connection for its life and closes it with itself."""
    from sqlalchemy.pool import NullPool

    return NullPool


# The advisory lock key of obzor's write transactions in PostgreSQL ("obzr" in ASCII).
WRITE_LOCK = 0x6F627A72


def in_transaction(conn: Connection) -> bool:
    """Whether the base has a transaction open on conn (the store's, begun by begin())."""
    raw: Any = conn.connection.dbapi_connection
    if conn.dialect.name == "sqlite":
        return bool(raw.in_transaction)
    from psycopg.pq import TransactionStatus

    return bool(raw.info.transaction_status != TransactionStatus.IDLE)


def begin(conn: Connection) -> None:
    """Open a write transaction now, waiting for another writer's to end: writers take turns,
    so a duplicate check and story grouping see every article before.

    SQLite: BEGIN IMMEDIATE takes the write lock at BEGIN (a deferred transaction that read
    first fails at once with "database is locked" when another process wrote in between).
    PostgreSQL: BEGIN, then an advisory lock every obzor writer takes.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})


def commit(conn: Connection) -> None:
    """Commit the open transaction, if any."""
    if in_transaction(conn):
        conn.exec_driver_sql("COMMIT")


def rollback(conn: Connection) -> None:
    """Undo the open transaction, if any."""
    if in_transaction(conn):
        conn.exec_driver_sql("ROLLBACK")


@contextmanager
def transaction(conn: Connection) -> Iterator[None]:
    """begin() ... commit() (rollback on error); joins a transaction already open."""
    if in_transaction(conn):
        yield
        return
    begin(conn)
    try:
        yield
    except BaseException:
        rollback(conn)
        raise
    commit(conn)


def statement_timeout(conn: Connection, ms: int) -> None:
    """Bound every later statement of a PostgreSQL connection to ms (statement_timeout)."""
    conn.execute(text("SELECT set_config('statement_timeout', :ms, false)"), {"ms": str(ms)})
