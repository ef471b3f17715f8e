"""Load shedding: searches run a few at a time, each under a deadline; the rest wait a moment
or get 503 with Retry-After, so the server never queues without end and cheap calls stay fast.

`Shedding` is pure ASGI middleware (one event loop: its counters need no lock). The deadline
is a context variable that the SQLite progress handler of the request's store reads: a query
past it is interrupted, and a client that hung up no longer holds a worker past it.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Paths whose work grows with the base (full-text search, facets): the ones that are limited.
HEAVY = ("/api/search", "/search")
# How many progress-handler steps (SQLite VM instructions) between deadline checks: ~1 ms.
CHECK_EVERY = 20_000

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("deadline", default=None)


def over_deadline() -> int:
    """For sqlite3's progress handler: non-zero (interrupt) once the request's deadline passed."""
    at = _deadline.get()
    return 1 if at is not None and time.monotonic() > at else 0


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
        token = _deadline.set(time.monotonic() + self.deadline_s)
        try:
            await self.app(scope, receive, send)
        finally:
            _deadline.reset(token)
            self.slots.release()


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
