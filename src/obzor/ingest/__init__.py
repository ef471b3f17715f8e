"""Readers: files and folders to Documents (or Failures), one reader per input kind."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from obzor.ingest import feeds, files, jsonl, tables, telegram
from obzor.model import Document, Failure
from obzor.settings import Settings

Reader = Callable[[Path, Settings], Iterator[Document | Failure]]

READERS: dict[str, Reader] = {
    ".txt": files.read_text,
    ".text": files.read_text,
    ".html": files.read_html,
    ".htm": files.read_html,
    ".jsonl": jsonl.read_jsonl,
    ".ndjson": jsonl.read_jsonl,
    ".csv": tables.read_csv,  # a header row; "text" and the JSON Lines fields as columns
    ".parquet": tables.read_parquet,  # the same columns; needs pyarrow (the scale extra)
    ".rss": feeds.read_feed,
    ".atom": feeds.read_feed,
    ".json": telegram.read_export,  # only Telegram Desktop exports (result.json), by content
}


def discover(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """Readable files under the given paths, recursively and sorted; missing paths are Failures.

    A file named explicitly is always returned (an unsupported type fails when read);
    inside folders only supported types are picked and hidden entries are skipped.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                rel = found.relative_to(path).parts
                hidden = any(part.startswith(".") for part in rel)
                if found.is_file() and not hidden and found.suffix.lower() in READERS:
                    yield found
        elif path.is_file():
            yield path
        else:
            yield Failure(str(path), "no such file or folder")


def read(path: Path, settings: Settings) -> Iterator[Document | Failure]:
    """Documents from one file, or Failures saying why a file or record was skipped."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        supported = ", ".join(sorted(READERS))
        yield Failure(
            str(path), f"unsupported file type {path.suffix or '(none)'}; use {supported}"
        )
        return
    try:
        yield from reader(path, settings)
    except OSError as exc:
        yield Failure(str(path), f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # a reader's bug on a hostile file: this file fails, the run goes on
        yield Failure(str(path), f"{type(exc).__name__}: {exc}")
