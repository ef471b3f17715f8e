"""Analysis in worker processes: the pure part of an article's life (obzor.flow.prepare) runs
on every core while the calling process alone writes (obzor.flow.save).

Each worker builds its pipeline once (models load once per worker) and opens its own
connection to the base, only to skip hashes already stored. Items go out and outcomes come
back in input order, with a bounded number in flight, so memory stays flat on any stream.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any, TypeVar

from obzor.flow import Duplicate, Prepared, prepare
from obzor.model import Article, Document, Failure
from obzor.nlp.pipeline import Pipeline

T = TypeVar("T")
Outcome = Prepared | Duplicate | Failure
PipelineFactory = Callable[[], Pipeline]
# Items per task: enough to make the round trip (pickling an analyzed article, ~1 ms) small
# beside the analysis (~30 ms an article), few enough that every worker keeps busy.
CHUNK = 4
# Tasks in flight per worker: one running, one queued, one coming back.
AHEAD = 3

_state: dict[str, Any] = {}  # in a worker: its pipeline and its store


def all_cores() -> int:
    """The cores this process may run on (the default number of workers)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _start(factory: PipelineFactory, db: str) -> None:
    from obzor.store import open_store

    _state["pipeline"] = factory()
    _state["store"] = open_store(db)


def _prepare(items: list[Document | Article | Failure]) -> list[Outcome]:
    pipeline, store = _state["pipeline"], _state["store"]
    return [
        item if isinstance(item, Failure) else prepare(item, pipeline, store.has) for item in items
    ]


def prepare_in_workers(
    items: Iterable[tuple[T, Document | Article | Failure]],
    factory: PipelineFactory,
    db: str,
    workers: int,
) -> Iterator[tuple[T, Outcome]]:
    """(tag, outcome of prepare) for each (tag, item), in input order, from `workers` processes.

    factory must be picklable (a module-level function): each worker calls it once. A worker
    that dies (killed, out of memory) ends the run with BrokenProcessPool: every outcome
    yielded before it is complete, nothing after it was yielded.
    """
    context = get_context("spawn")  # no inherited connections, locks or threads
    with ProcessPoolExecutor(workers, context, initializer=_start, initargs=(factory, db)) as pool:
        pending: deque[tuple[list[T], Future[list[Outcome]]]] = deque()
        for chunk in _chunks(items, CHUNK):
            tags = [tag for tag, _ in chunk]
            pending.append((tags, pool.submit(_prepare, [item for _, item in chunk])))
            if len(pending) >= workers * AHEAD:
                yield from _collect(pending.popleft())
        while pending:
            yield from _collect(pending.popleft())


def _collect(task: tuple[list[T], Future[list[Outcome]]]) -> Iterator[tuple[T, Outcome]]:
    tags, future = task
    try:
        outcomes = future.result()
    except BrokenProcessPool as exc:
        raise BrokenProcessPool(
            "an analysis worker died (killed or out of memory); articles stored so far are kept"
        ) from exc
    yield from zip(tags, outcomes, strict=True)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
