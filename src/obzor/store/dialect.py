"""What SQLite and PostgreSQL spell differently, as small named functions chosen by dialect."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, literal_column
from sqlalchemy.dialects import postgresql, sqlite


def upsert(conn: Connection, table: Table) -> sqlite.Insert | postgresql.Insert:
    """INSERT with ON CONFLICT DO NOTHING / DO UPDATE (.on_conflict_do_*) for conn's database."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def order(conn: Connection, t: Table) -> ColumnElement[Any]:
    """Insertion order of a key-less table (credits, mentions): SQLite's rowid, PostgreSQL's
    ord column (made by the Alembic baseline)."""
    sqlite_ = conn.dialect.name == "sqlite"
    return literal_column(f"{t.name}.rowid" if sqlite_ else f"{t.name}.ord")
