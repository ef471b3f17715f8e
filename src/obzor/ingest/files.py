"""Single-document files: scraped page text (.txt) and HTML pages (.html, .htm)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from obzor.ingest.decode import DecodeError, declared_charset, decode
from obzor.model import Document, Failure
from obzor.settings import Settings


def too_large(path: Path, settings: Settings) -> Failure | None:
    """A Failure when the file exceeds the configured size limit (it is not read), else None."""
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        return Failure(str(path), f"too large: {size:,} bytes > limit {settings.max_file_bytes:,}")
    return None


def _load(path: Path, settings: Settings, html: bool) -> str | Failure:
    if (failure := too_large(path, settings)) is not None:
        return failure
    data = path.read_bytes()
    try:
        text, _ = decode(data, declared_charset(data) if html else None)
    except DecodeError as exc:
        return Failure(str(path), str(exc))
    return text


def read_text(path: Path, settings: Settings) -> Iterator[Document | Failure]:
    """One Document of kind "text" from a scraped page's text."""
    loaded = _load(path, settings, html=False)
    yield loaded if isinstance(loaded, Failure) else Document(str(path), "text", loaded)


def read_html(path: Path, settings: Settings) -> Iterator[Document | Failure]:
    """One Document of kind "html" from a saved web page, charset declared or not."""
    loaded = _load(path, settings, html=True)
    yield loaded if isinstance(loaded, Failure) else Document(str(path), "html", loaded)
