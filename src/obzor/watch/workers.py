"""`obzor watch --workers N`: N watch processes on one base, each with its own pipeline, fetcher
and connection, sharing the due sources through the base (queue.ClaimQueue): each source is
polled by one process at a time, and every core analyses."""

from __future__ import annotations

import queue
import signal
import sys
import threading
from collections.abc import Iterable
from multiprocessing import get_context
from typing import Any

from obzor.settings import Settings
from obzor.watch.poll import PollResult

# How often the parent looks at its workers while it waits for their results.
WAIT_S = 0.5


def _watch(settings: Settings, names: list[str], once: bool, stop: Any, results: Any) -> None:
    """One worker process: a Watcher that claims sources from the base until stopped."""
    from obzor.net import Fetcher
    from obzor.nlp.pipeline import default_pipeline
    from obzor.store import open_store
    from obzor.watch.daemon import Watcher
    from obzor.watch.events import log_to
    from obzor.watch.queue import ClaimQueue

    # Ctrl-C reaches the whole process group: the parent stops the workers through `stop`,
    # after each finishes the item it is on.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    polled: list[PollResult] = []
    try:
        with open_store(settings.db) as store, Fetcher(settings) as fetcher, log_to(sys.stderr):
            claims = ClaimQueue(store, names)
            watcher = Watcher(store, fetcher, default_pipeline(), settings, claims, names)
            polled = watcher.run(once=once, stop=stop)
    finally:
        results.put(polled)


def watch_in_workers(
    settings: Settings,
    names: Iterable[str],
    once: bool,
    workers: int,
    stop: threading.Event,
) -> list[PollResult]:
    """Run `workers` watch processes until they finish (once) or stop is set; every poll.

    A worker that dies loses only the poll it was on (its source is polled an interval later).
    """
    context = get_context("spawn")
    halt, results = context.Event(), context.Queue()
    args = (settings, sorted(names), once, halt, results)
    processes = [context.Process(target=_watch, args=args, daemon=True) for _ in range(workers)]
    for process in processes:
        process.start()
    polled: list[PollResult] = []
    reported = 0
    try:
        while reported < workers:
            if stop.is_set():
                halt.set()
            try:
                polled.extend(results.get(timeout=WAIT_S))
                reported += 1
            except queue.Empty:
                if all(not p.is_alive() for p in processes) and results.empty():
                    break  # a worker died before it could report
    except KeyboardInterrupt:
        halt.set()
        while reported < workers and any(p.is_alive() for p in processes):
            try:
                polled.extend(results.get(timeout=WAIT_S))
                reported += 1
            except queue.Empty:
                continue
    for process in processes:
        process.join(timeout=30)
    return polled
