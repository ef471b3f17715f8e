"""Portable SQL: the few row helpers that let one mixin run on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

Params = tuple[Any, ...] | list[Any]


class Rows:
    """Row helpers over self.db; SQL uses ? placeholders (PostgresStore rewrites them)."""

    db: Any

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
