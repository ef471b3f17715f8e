"""Row helpers every store verb uses: Core statements run on the store's SQLAlchemy connection.

A verb written as a Core expression (select(), insert(), ...) runs alike on SQLite and
PostgreSQL: SQLAlchemy compiles it for the base's dialect. `_rows`/`_write` run the SQL text
of verbs not yet ported (docs/store-plan.md) through the DBAPI connection.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Executable, Row

Params = tuple[Any, ...] | list[Any]


class Rows:
    """Row helpers over self.conn (Core) and self.db (SQL text of the verbs not yet ported)."""

    db: Any
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

    def _rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """All rows of one parameterized query."""
        return [tuple(r) for r in self.db.execute(sql, tuple(params)).fetchall()]

    def _write(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """Run one parameterized write (RETURNING rows come back) and commit it."""
        rows = self._rows(sql, params)
        self.commit()
        return rows

    def commit(self) -> None:
        """Make pending work durable (each store defines it)."""
        raise NotImplementedError
