"""Searches in worker processes: their Python work (snippets, facets) runs on every core
instead of under the server's one GIL, where it slowed every other request.

Each worker opens its own store once and stops a search's SQL at the request's deadline (the
same progress handler as in the server, api/shedding.py), or as soon as the request's client
hangs up: each running search has a flag in memory shared with the workers, which the
waiting server thread raises when the middleware marks the request's budget spent, and which
the worker's progress handler reads. Errors travel back as they are (QueryError: 400, an
interrupted query: 503).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as Pending
from typing import Any

from obzor.api import queries, shedding

# How often a server thread waiting for a worker looks whether its client is still there.
POLL_S = 0.05
# Stop flags for this many searches at once per worker: more than the middleware lets run
# (search_concurrency, 4); a search beyond them runs without one, to its deadline.
SLOTS_PER_WORKER = 16

_store: Any = None  # the worker process's store
_flags: Any = None  # the shared stop flags, one per running search
_slot = -1  # the flag of the search this worker runs now


def _stop() -> int:
    """The worker's progress handler: non-zero (interrupt) past the deadline or when the
    server raised this search's flag (its client hung up)."""
    return 1 if shedding.over_deadline() or (_slot >= 0 and _flags[_slot]) else 0


def _start(url: str, deadline_s: float, flags: Any) -> None:
    global _store, _flags
    _flags = flags
    _store = shedding.open_deadline_store(url, max(1, int(deadline_s * 1000)), stop=_stop)


def _run(slot: int, deadline_s: float, job: Callable[..., Any], *args: Any) -> Any:
    """job(store, *args) in this worker under the request's deadline and stop flag."""
    global _slot
    token = shedding._deadline.set(shedding.Budget(deadline_s))
    _slot = slot
    try:
        return job(_store, *args)
    finally:
        _slot = -1
        shedding._deadline.reset(token)


class SearchPool:
    """`workers` processes that answer queries.search over the store at url."""

    def __init__(self, url: str, workers: int, deadline_s: float) -> None:
        self.deadline_s = deadline_s
        context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self.flags = context.RawArray("b", workers * SLOTS_PER_WORKER)
        self.free = list(range(len(self.flags)))
        self.lock = threading.Lock()
        self.pool = ProcessPoolExecutor(
            workers, mp_context=context, initializer=_start, initargs=(url, deadline_s, self.flags)
        )

    def search(
        self, q: str, filters: dict[str, Any], limit: int, offset: int, exact: bool = False,
        sort: str = "relevance",
    ) -> dict[str, Any]:  # fmt: skip
        """queries.search in a worker; the calling thread waits without holding the GIL."""
        result: dict[str, Any] = self.run(queries.search, q, filters, limit, offset, exact, sort)
        return result

    def run(self, job: Callable[..., Any], *args: Any) -> Any:
        """job(store, *args) in a worker (job: a module-level function). The worker's queries
        stop at the deadline, or soon after the calling request's client hangs up."""
        budget = shedding._deadline.get()  # the request's, set by the middleware
        with self.lock:  # none free (more searches than the middleware lets run): no flag
            slot = self.free.pop() if self.free else -1
        if slot >= 0:
            self.flags[slot] = 0
        try:
            future = self.pool.submit(_run, slot, self.deadline_s, job, *args)
            while True:
                try:
                    return future.result(timeout=POLL_S)
                except Pending:
                    if slot >= 0 and budget is not None and budget.gone:
                        self.flags[slot] = 1  # the worker's next progress check stops it
        finally:
            if slot >= 0:
                with self.lock:
                    self.free.append(slot)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)
