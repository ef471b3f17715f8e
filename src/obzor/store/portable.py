"""Portable SQL: the few row helpers that let one mixin run on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

from obzor.model import Quote

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


def analysis_items(raw: str | None, key: str) -> list[dict[str, Any]]:
    """The list under key ("quotes", "threats", "events") of an article's analysis JSON."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return []
    items = data.get(key, []) if isinstance(data, dict) else []
    return [i for i in items if isinstance(i, dict)]


def quotes_of(raw: str | None) -> list[Quote]:
    """The typed quotes of an article's analysis JSON."""
    return [Quote.from_json(q) for q in analysis_items(raw, "quotes")]
