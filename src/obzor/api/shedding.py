"""Load shedding: searches run a few at a time, each under a deadline; the rest wait a moment
or get 503 with Retry-After, so the server never queues without end and cheap calls stay fast.

`Shedding` is pure ASGI middleware (one event loop: its counters need no lock). The deadline
is a context variable that the SQLite progress handler of the request's store reads: a query
past it is interrupted, and so is the query of a search whose client hung up (the middleware
reads the request's messages and marks the budget spent at `http.disconnect`).
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from obzor.store import Store

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Paths whose work grows with the base (full-text search, facets): the ones that are limited.
HEAVY = ("/api/search", "/search")
# How many progress-handler steps (SQLite VM instructions) between deadline checks: ~1 ms.
CHECK_EVERY = 20_000


class Budget:
    """A heavy request's allowance: a deadline, and whether its client is gone."""

    __slots__ = ("at", "gone")

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self.gone = False

    def spent(self) -> bool:
        return self.gone or time.monotonic() > self.at


_deadline: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("deadline", default=None)


def over_deadline() -> int:
    """For sqlite3's progress handler: non-zero (interrupt) once the request's deadline passed
    or its client hung up."""
    budget = _deadline.get()
    return 1 if budget is not None and budget.spent() else 0


def open_deadline_store(
    url: str, statement_timeout_ms: int = 0, stop: Callable[[], int] | None = None
) -> Store:
    """The store at url whose queries stop at the request's deadline: SQLite's by the
    progress handler (over_deadline, or stop: a search worker's, which also reads its
    client's flag), PostgreSQL's by a statement_timeout of statement_timeout_ms (0: none).
    The one way the server's threads and its search workers open a store."""
    from obzor.store import SQLiteStore, open_store
    from obzor.store.engine import statement_timeout

    store = open_store(url)
    if isinstance(store, SQLiteStore):
        store.db.set_progress_handler(stop or over_deadline, CHECK_EVERY)
    elif statement_timeout_ms > 0:
        statement_timeout(store.conn, statement_timeout_ms)
    return store


class Shedding:
    """At most `concurrency` heavy requests at once; a newcomer waits up to `wait_s` for a slot,
    then gets 503. Each heavy request's queries must finish within `deadline_s`."""

    def __init__(self, app: ASGIApp, concurrency: int, wait_s: float, deadline_s: float) -> None:
        self.app = app
        self.slots = asyncio.Semaphore(concurrency)
        self.wait_s, self.deadline_s = wait_s, deadline_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in HEAVY:
            await self.app(scope, receive, send)
            return
        if self.slots.locked():  # all slots taken: wait a moment, not for ever
            try:
                await asyncio.wait_for(self.slots.acquire(), self.wait_s)
            except TimeoutError:
                await _busy(send)
                return
        else:
            await self.slots.acquire()
        budget = Budget(self.deadline_s)
        token = _deadline.set(budget)
        inbox: asyncio.Queue[Message] = asyncio.Queue()
        watcher = asyncio.create_task(_watch(receive, inbox, budget))
        try:
            await self.app(scope, inbox.get, send)
        finally:
            watcher.cancel()
            _deadline.reset(token)
            self.slots.release()


async def _watch(receive: Receive, inbox: asyncio.Queue[Message], budget: Budget) -> None:
    """The one reader of the request's messages: passes them on to the app, and marks the
    budget spent when the client disconnects before the answer is sent."""
    while True:
        message = await receive()
        await inbox.put(message)
        if message["type"] == "http.disconnect":
            budget.gone = True
            return


async def _busy(send: Send) -> None:
    message = "the server is busy with other searches; retry shortly"
    body = json.dumps({"error": {"status": 503, "code": "busy", "message": message}}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"retry-after", b"1"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})
