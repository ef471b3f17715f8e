"""The ingest job: read files, pass each document through obzor.flow (analysis in worker
processes when asked), write from this process alone."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from obzor.flow import ArticleSink, Duplicate, Prepared, Stored, prepare, save
from obzor.ingest import discover, read
from obzor.ingest.workers import PipelineFactory, prepare_in_workers
from obzor.model import Document, Failure
from obzor.nlp.pipeline import Pipeline, default_pipeline
from obzor.settings import Settings
from obzor.store.base import db_fault


@dataclass(slots=True)
class IngestReport:
    """What an ingest run did: counts and the reason for every failure."""

    ingested: int = 0
    duplicates: int = 0
    files: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


# Fewer articles than this are analysed in this process: a worker needs ~2 s to start and load
# its models, about what 50 articles take to analyse.
SMALL_INPUT = 50

Progress = Callable[[Path | None, int], None]  # (file just finished or None at start, total)


def ingest_paths(
    paths: Iterable[str | Path],
    store: ArticleSink,
    pipeline: Pipeline | None,
    settings: Settings,
    progress: Progress | None = None,
    workers: int = 1,
    factory: PipelineFactory = default_pipeline,
) -> IngestReport:
    """Ingest files and folders into store; bad inputs are counted in the report, never raised.

    workers > 1 analyses in that many processes, each with its own factory() pipeline (the
    pipeline argument is then unused), while this process alone writes to the store; an input
    of fewer than SMALL_INPUT articles is analysed here all the same.
    """
    report = IngestReport()
    found = list(discover(paths))
    files = [f for f in found if isinstance(f, Path)]
    report.failures.extend(f for f in found if isinstance(f, Failure))
    if progress:
        progress(None, len(files))
    items: Iterator[tuple[int, Document | Failure]] = (
        (n, item) for n, path in enumerate(files) for item in read(path, settings)
    )
    head = list(islice(items, SMALL_INPUT))
    items = chain(head, items)
    outcomes: Iterator[tuple[int, Prepared | Duplicate | Failure]]
    if workers > 1 and len(head) == SMALL_INPUT:
        outcomes = prepare_in_workers(items, factory, settings.db, workers)
    else:
        ready = pipeline or factory()
        outcomes = (
            (n, item if isinstance(item, Failure) else prepare(item, ready, store.has))
            for n, item in items
        )
    done, pending = 0, 0  # files finished; articles since the last commit
    for n, outcome in outcomes:
        while progress and done < n:
            progress(files[done], len(files))
            done += 1
        kept = _save(outcome, store, report)
        pending += kept
        if pending >= settings.batch_size:
            store.commit()
            pending = 0
    report.files = len(files)
    while progress and done < len(files):
        progress(files[done], len(files))
        done += 1
    store.commit()
    return report


def _save(outcome: Prepared | Duplicate | Failure, store: ArticleSink, report: IngestReport) -> int:
    """Store a prepared article and count the outcome in the report; 1 if an article was added."""
    if isinstance(outcome, Failure):
        report.failures.append(outcome)
        return 0
    if isinstance(outcome, Prepared):
        try:
            saved = save(outcome, store)
        except Exception as exc:
            if db_fault(exc) is not None:
                raise  # disk full, read-only, locked: nothing more can be stored
            # One record the store refuses: its savepoint is undone, the run goes on.
            why = f"cannot store: {type(exc).__name__}: {exc}"
            report.failures.append(Failure(outcome.article.source, why, stage="store"))
            return 0
        if isinstance(saved, Stored):
            report.ingested += 1
            return 1
    report.duplicates += 1
    return 0
