"""Opening a base brings its schema to the newest Alembic revision (store/alembic/versions).

A new base runs every revision. A base made before Alembic (it has schema_version, the table
of numbered migrations m001-m010) first runs any numbered migration it lacks (frozen, in
migrations.py), then is stamped with the baseline revision, which is exactly that schema;
from there `alembic upgrade head` as any other. All of it in one write transaction, so a
failure leaves the base as it was, and one process at a time (a second one opening the same
base waits, then finds the work done).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import DBAPIError

from obzor.store.base import StoreError, too_new

LOCATION = Path(__file__).parent / "alembic"
BASELINE = "0010"  # the schema numbered migrations m001-m010 built
# Any fixed number works: it only has to be the same for every obzor migrating a PostgreSQL base.
LOCK_ID = 7007
# A revision file's own id and its parent's, as Alembic's template writes them.
_REVISION = re.compile(r"^(down_)?revision\s*(?::[^=]*)?=\s*(?:[\"'](\w+)[\"']|None)", re.M)

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory


@lru_cache(maxsize=1)
def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(LOCATION))


@lru_cache(maxsize=1)
def _head(location: Path) -> str:
    parents: dict[str, str | None] = {}
    for path in (location / "versions").glob("*.py"):
        ids = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "" in ids:
            parents[ids[""]] = ids.get("down_") or None
    heads = set(parents) - set(parents.values())
    if len(heads) != 1:
        raise StoreError(f"the store's Alembic revisions need one head, found {sorted(heads)}")
    return heads.pop()


def head() -> str:
    """The newest revision this obzor knows (read from the revision files without importing
    Alembic, which costs a third of a second at every start; a test compares with Alembic's)."""
    return _head(LOCATION)


def version(conn: Connection) -> str | None:
    """The base's Alembic revision, or None (a new base, or one made before Alembic)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    found = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if found is None else str(found)


def upgrade(conn: Connection, legacy: Callable[[], object]) -> str:
    """Bring the base on conn to the head revision; the revision it is at now.

    legacy() runs the missing numbered migrations of a base made before Alembic, inside the
    transaction this opens. conn must not be in a database transaction.
    """
    newest = head()
    if version(conn) == newest:  # the usual case: no lock, no Alembic machinery
        return newest
    from alembic import command
    from alembic.config import Config
    from alembic.util import CommandError

    _begin(conn)
    try:
        current = version(conn)  # again, under the lock: another process may have done it
        config = Config()
        config.set_main_option("script_location", str(LOCATION))
        config.attributes["connection"] = conn
        if current is None and inspect(conn).has_table("schema_version"):
            legacy()
            command.stamp(config, BASELINE)
            current = BASELINE
        if current is not None:
            try:
                _script().get_revision(current)
            except CommandError:
                raise too_new("revision", current, newest) from None
        if current != newest:
            command.upgrade(config, "head")
        conn.exec_driver_sql("COMMIT")
    except BaseException:
        with contextlib.suppress(DBAPIError):  # SQLite may have rolled back itself (disk full)
            conn.exec_driver_sql("ROLLBACK")
        raise
    return newest


def _begin(conn: Connection) -> None:
    """A write transaction that one migrator at a time holds."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock now, not at the first write
    else:
        conn.exec_driver_sql("BEGIN")
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_ID})
