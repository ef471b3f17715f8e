"""What every store backend shares: its errors and the search hit record."""

from __future__ import annotations

from dataclasses import dataclass


class StoreError(Exception):
    """The store cannot be opened or used (bad URL, not a database, schema too new)."""


class QueryError(StoreError, ValueError):
    """A search query is malformed; the message says what is wrong in one line."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: the article, its rank score (higher is better) and a snippet."""

    id: int
    title: str | None
    published: str | None
    outlet: str | None
    score: float
    snippet: str
