"""The ingest job: read, clean, skip what is stored, analyze the rest, store in batches."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from obzor.clean import clean
from obzor.ingest import discover, read
from obzor.model import Article, Failure
from obzor.nlp.pipeline import Pipeline
from obzor.settings import Settings


class ArticleSink(Protocol):
    """The part of a store the job writes to."""

    def has(self, content_hash: str) -> int | None: ...
    def add(self, article: Article) -> int: ...
    def commit(self) -> None: ...


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
                article = clean(item)
                if not article.text.strip():
                    report.failures.append(
                        Failure(item.source, "no article text found on the page")
                    )
                    continue
                if store.has(article.content_hash) is not None:
                    report.duplicates += 1
                    continue
                analyzed = pipeline(article)
            except Exception as exc:  # a hostile page must not end the run; say what broke
                report.failures.append(Failure(item.source, f"{type(exc).__name__}: {exc}"))
                continue
            store.add(analyzed)
            report.ingested += 1
            pending += 1
            if pending >= settings.batch_size:
                store.commit()
                pending = 0
        if progress:
            progress(path, len(files))
    store.commit()
    return report
