"""Searches in worker processes: their Python work (snippets, facets) runs on every core
instead of under the server's one GIL, where it slowed every other request.

Each worker opens its own store once and stops a search's SQL at the request's deadline (the
same progress handler as in the server, api/shedding.py). Errors travel back as they are
(QueryError: 400, an interrupted query: 503).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from obzor.api import queries, shedding

_store: Any = None  # the worker process's store


def _start(url: str, deadline_s: float) -> None:
    import sqlite3

    from obzor.store import open_store

    global _store
    _store = open_store(url)
    db = getattr(_store, "db", None)
    if isinstance(db, sqlite3.Connection):
        db.set_progress_handler(shedding.over_deadline, shedding.CHECK_EVERY)
    elif db is not None:
        from obzor.api.deps import statement_timeout

        statement_timeout(db, max(1, int(deadline_s * 1000)))


def _search(
    q: str, filters: dict[str, Any], limit: int, offset: int, exact: bool, sort: str,
    deadline_s: float,
) -> dict[str, Any]:  # fmt: skip
    token = shedding._deadline.set(shedding.Budget(deadline_s))
    try:
        return queries.search(_store, q, filters, limit, offset, exact, sort)
    finally:
        shedding._deadline.reset(token)


class SearchPool:
    """`workers` processes that answer queries.search over the store at url."""

    def __init__(self, url: str, workers: int, deadline_s: float) -> None:
        self.deadline_s = deadline_s
        self.pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),  # no fork of a threaded server
            initializer=_start,
            initargs=(url, deadline_s),
        )

    def search(
        self, q: str, filters: dict[str, Any], limit: int, offset: int, exact: bool = False,
        sort: str = "relevance",
    ) -> dict[str, Any]:  # fmt: skip
        """queries.search in a worker; the calling thread waits without holding the GIL."""
        job = self.pool.submit(_search, q, filters, limit, offset, exact, sort, self.deadline_s)
        result: dict[str, Any] = job.result()
        return result

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)
