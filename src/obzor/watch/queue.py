"""The fetch queue: which source to poll next. In-process by default, Redis Streams to share,
or the base itself for worker processes on one machine (ClaimQueue).

With Redis, every worker puts due sources on one stream and reads from one consumer group, so
each entry goes to one worker; a worker acknowledges an entry after its poll is saved. An entry
whose worker died unacknowledged is claimed by another after CLAIM_IDLE_MS.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from obzor.store import Store

STREAM, GROUP = "obzor:watch", "obzor-watchers"
# A poll takes seconds to a few minutes (slow hosts, many pages); an entry idle for 10 minutes
# belongs to a dead worker and is handed to another.
CLAIM_IDLE_MS = 10 * 60 * 1000
# Entries read per call: small, so that sources spread over workers.
BATCH = 4


class Queue(Protocol):
    """Put source names; take (entry id, name) pairs; ack an entry once its poll is saved."""

    def put(self, name: str) -> None: ...
    def take(self, block_ms: int = 0) -> list[tuple[str, str]]: ...
    def ack(self, entry: str) -> None: ...


class LocalQueue:
    """A queue inside one process (one worker): a deque; ack is a no-op."""

    def __init__(self) -> None:
        self._items: deque[tuple[str, str]] = deque()
        self._next = 0

    def put(self, name: str) -> None:
        """Queue a source name."""
        self._next += 1
        self._items.append((str(self._next), name))

    def take(self, block_ms: int = 0) -> list[tuple[str, str]]:
        """Up to BATCH queued names, oldest first."""
        return [self._items.popleft() for _ in range(min(BATCH, len(self._items)))]

    def ack(self, entry: str) -> None:
        """Nothing to do: an in-process entry is gone once taken."""


class ClaimQueue:
    """The base as the queue: each take claims (leases) the longest-waiting due source, so
    any number of processes on one base share the sources, one poll each (`watch --workers`).

    A claimed source's next poll moves on by its interval; the poll then sets the real time.
    A process that dies mid-poll leaves its source to be polled an interval later.
    """

    def __init__(
        self, store: Store, names: Iterable[str] = (), clock: Callable[[], float] = time.time
    ) -> None:
        self.store, self.names, self.clock = store, frozenset(names), clock

    def put(self, name: str) -> None:
        """Nothing to do: a due source is in the base already."""

    def take(self, block_ms: int = 0) -> list[tuple[str, str]]:
        """The next due source this process won, or nothing when none is left."""
        now = self.clock()
        for stored in self.store.due_sources(now):
            if self.names and stored.source.name not in self.names:
                continue
            if self.store.lease_source(stored.id, now, now + stored.source.interval_s):
                return [(str(stored.id), stored.source.name)]
        return []

    def ack(self, entry: str) -> None:
        """Nothing to do: the poll saved the source's state."""


class RedisQueue:
    """Redis Streams with a consumer group: each entry to one worker, acknowledged after use."""

    def __init__(
        self,
        url: str,
        consumer: str,
        stream: str = STREAM,
        group: str = GROUP,
        claim_idle_ms: int = CLAIM_IDLE_MS,
    ) -> None:
        try:
            import redis
        except ImportError:
            raise RuntimeError(
                "the Redis queue needs the redis package: pip install 'obzor[scale]'"
            ) from None
        self.client: Any = redis.Redis.from_url(url, decode_responses=True)
        self.stream, self.group, self.consumer = stream, group, consumer
        self.claim_idle_ms = claim_idle_ms
        try:
            self.client.xgroup_create(stream, group, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        except redis.RedisError as exc:
            raise RuntimeError(f"cannot reach Redis at {url.split('@')[-1]}: {exc}") from None

    def put(self, name: str) -> None:
        """Append a source name to the stream."""
        self.client.xadd(self.stream, {"source": name})

    def take(self, block_ms: int = 0) -> list[tuple[str, str]]:
        """Entries abandoned by dead workers first, then new ones for this consumer."""
        claimed = self.client.xautoclaim(
            self.stream, self.group, self.consumer, self.claim_idle_ms, "0-0", count=BATCH
        )
        entries = list(claimed[1])
        if not entries:
            read = self.client.xreadgroup(
                self.group, self.consumer, {self.stream: ">"}, count=BATCH, block=block_ms or None
            )
            entries = [e for _, batch in read or [] for e in batch]
        return [(str(i), str(f.get("source", ""))) for i, f in entries if f]

    def ack(self, entry: str) -> None:
        """Acknowledge and delete a finished entry."""
        self.client.xack(self.stream, self.group, entry)
        self.client.xdel(self.stream, entry)

    def pending(self) -> int:
        """Entries delivered but not yet acknowledged."""
        return int(self.client.xpending(self.stream, self.group)["pending"])
