"""obzor: regional-security news to a structured, searchable base and a daily review.

The public API is small and pinned by tests/test_api.py:
    analyze(path, plain=False) -> list[Article]
    analyze_text(text, ...) -> Article
    open_store(url) -> store
    ingest_files(paths, url) -> IngestReport
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from obzor.model import Article, Document, Failure, Mention
from obzor.settings import Settings

__all__ = [
    "Article",
    "Document",
    "Failure",
    "Mention",
    "Settings",
    "analyze",
    "analyze_text",
    "ingest_files",
    "open_store",
]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from obzor.ingest.job import IngestReport
    from obzor.store import Store


def analyze_text(
    text: str, kind: str = "text", source: str = "<text>", plain: bool = False
) -> Article:
    """Clean (unless plain) and analyze one text; nothing is stored."""
    from obzor.analysis import analyze_document

    return analyze_document(Document(source, kind, text), plain=plain)


def analyze(
    path: str | Path, plain: bool = False, settings: Settings | None = None
) -> list[Article | Failure]:
    """Analyze every document in a file (a .jsonl holds several); nothing is stored."""
    from obzor.analysis import analyze_path

    return analyze_path(Path(path), plain=plain, settings=settings or Settings.load())


def open_store(url: str | None = None) -> Store:
    """Open (and migrate) the store at a database URL; defaults to the `db` setting."""
    from obzor.store import open_store as _open

    return _open(url or Settings.load().db)


def ingest_files(paths: list[str | Path], url: str | None = None) -> IngestReport:
    """Ingest files and folders into the store at url; returns the IngestReport."""
    from obzor.ingest.job import ingest_paths
    from obzor.nlp.pipeline import default_pipeline

    settings = Settings.load(db=url)
    with open_store(settings.db) as store:
        return ingest_paths(paths, store, default_pipeline(), settings)
