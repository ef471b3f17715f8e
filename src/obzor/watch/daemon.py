"""The watch loop: schedule due sources on a queue, poll what the queue hands out, repeat."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from obzor.net import Fetcher
from obzor.nlp.pipeline import Pipeline
from obzor.settings import Settings
from obzor.store import Store
from obzor.store import sources as sql
from obzor.watch.events import log_event
from obzor.watch.poll import PollResult, poll_source, record_failure
from obzor.watch.queue import ClaimQueue, LocalQueue, Queue


class Watcher:
    """Polls due sources through a queue; local (one process) unless a shared queue is given."""

    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        pipeline: Pipeline,
        settings: Settings,
        queue: Queue | None = None,
        names: Iterable[str] = (),
        clock: Callable[[], float] = time.time,
        on_poll: Callable[[PollResult], None] | None = None,
    ) -> None:
        self.store, self.fetcher, self.pipeline, self.settings = store, fetcher, pipeline, settings
        self.shared = queue is not None
        self.queue: Queue = queue if queue is not None else LocalQueue()
        self.names = frozenset(names)
        self.clock = clock
        self.on_poll = on_poll
        self.on_tick: Callable[[], None] | None = None  # after each round (a live display)

    def schedule(self) -> int:
        """Put every due source on the queue; with a shared queue, lease it first (one worker)."""
        if isinstance(self.queue, ClaimQueue):
            return 0  # it claims one due source per take
        now = self.clock()
        queued = 0
        for stored in self.store.due_sources(now):
            if self.names and stored.source.name not in self.names:
                continue
            # The lease moves next_poll on, so other workers (and later ticks) skip the source
            # while it waits in the stream; the poll sets the real next time when it is done.
            if self.shared and not self.store.lease_source(
                stored.id, now, now + stored.source.interval_s
            ):
                continue
            self.queue.put(stored.source.name)
            queued += 1
        return queued

    def drain(self) -> list[PollResult]:
        """Poll every source the queue hands out until it has none; ack each after its poll."""
        results = []
        while entries := self.queue.take():
            for entry, name in entries:
                stored = self.store.stored_source(name)
                if stored is not None:
                    results.append(self._poll(stored))
                    if self.on_poll:
                        self.on_poll(results[-1])
                self.queue.ack(entry)
        return results

    def _poll(self, stored: sql.StoredSource) -> PollResult:
        try:
            return poll_source(stored, self.store, self.fetcher, self.pipeline, self.settings)
        except Exception as exc:  # one source's bug must not stop the others
            self.store.rollback()
            error = f"{type(exc).__name__}: {exc}"
            return record_failure(stored, self.store, self.settings, error, self.clock())

    def cycle(self) -> list[PollResult]:
        """One round: schedule what is due, then poll it all."""
        self.schedule()
        return self.drain()

    def run(self, once: bool = False, stop: threading.Event | None = None) -> list[PollResult]:
        """Cycle until stopped (or once); the results of every poll."""
        stop = stop or threading.Event()
        log_event("watch_start", once=once, shared_queue=self.shared)
        results: list[PollResult] = []
        while not stop.is_set():
            results.extend(self.cycle())
            if self.on_tick:
                self.on_tick()
            if once:
                break
            stop.wait(self.settings.watch_tick_s)
        log_event("watch_stop", polls=len(results), new=sum(r.new for r in results))
        return results
