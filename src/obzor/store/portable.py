"""Row helpers every store verb uses: Core statements run on the store's SQLAlchemy connection.

A verb written as a Core expression (select(), insert(), ...) runs alike on SQLite and
PostgreSQL: SQLAlchemy compiles it for the base's dialect.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Executable, Row


class Rows:
    """Row helpers over self.conn."""

    conn: Connection

    def _all(self, statement: Executable) -> Sequence[Row[Any]]:
        """All rows of one Core statement."""
        return self.conn.execute(statement).all()

    def _do(self, statement: Executable) -> Sequence[Row[Any]]:
        """Run one Core write (its RETURNING rows come back) and commit it."""
        result = self.conn.execute(statement)
        rows = result.all() if result.returns_rows else []
        self.commit()
        return rows

    def commit(self) -> None:
        """Make pending work durable (each store defines it)."""
        raise NotImplementedError
