"""The ingest job: read files, pass each document through obzor.flow, commit in batches."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from obzor.flow import ArticleSink, Duplicate, process
from obzor.ingest import discover, read
from obzor.model import Failure
from obzor.nlp.pipeline import Pipeline
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


Progress = Callable[[Path | None, int], None]  # (file just finished or None at start, total)


def ingest_paths(
    paths: Iterable[str | Path],
    store: ArticleSink,
    pipeline: Pipeline,
    settings: Settings,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files and folders into store; bad inputs are counted in the report, never raised."""
    report = IngestReport()
    found = list(discover(paths))
    files = [f for f in found if isinstance(f, Path)]
    report.failures.extend(f for f in found if isinstance(f, Failure))
    if progress:
        progress(None, len(files))
    pending = 0
    for path in files:
        report.files += 1
        for item in read(path, settings):
            if isinstance(item, Failure):
                report.failures.append(item)
                continue
            try:
                outcome = process(item, store, pipeline)
            except Exception as exc:
                if db_fault(exc) is not None:
                    raise  # disk full, read-only, locked: nothing more can be stored
                # One record the store refuses: its savepoint is undone, the batch goes on.
                why = f"cannot store: {type(exc).__name__}: {exc}"
                report.failures.append(Failure(item.source, why, stage="store"))
                continue
            if isinstance(outcome, Failure):
                report.failures.append(outcome)
                continue
            if isinstance(outcome, Duplicate):
                report.duplicates += 1
                continue
            report.ingested += 1
            pending += 1
            if pending >= settings.batch_size:
                store.commit()
                pending = 0
        if progress:
            progress(path, len(files))
    store.commit()
    return report
