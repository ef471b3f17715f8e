"""What a source lists now: its items as Documents, read from a file or fetched (conditionally)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from obzor.ingest.decode import declared_charset, decode
from obzor.ingest.feeds import feed_documents
from obzor.ingest.sitemap import sitemap_documents
from obzor.ingest.telegram import export_documents, preview_documents
from obzor.limits import load_json
from obzor.model import Document
from obzor.net import Fetcher, Response
from obzor.net.errors import TooLarge
from obzor.sources.kinds import preview_url
from obzor.sources.registry import Source
from obzor.store.sources import SourceState


@dataclass(slots=True)
class Listing:
    """A source's current items (newest first as the source orders them) and HTTP validators."""

    documents: list[Document] = field(default_factory=list)
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None


def list_items(source: Source, state: SourceState, fetcher: Fetcher) -> Listing:
    """The source's items now; raises FetchError, ValueError (bad content) or OSError."""
    location = preview_url(source.location) if source.kind == "telegram_preview" else None
    location = location or source.location
    if not source.is_url:
        data = _read_file(Path(location), fetcher.settings.max_fetch_bytes)
        return Listing(_parse(source, location, data, None))
    response = fetcher.get(location, state.etag, state.last_modified)
    if response.not_modified:
        return Listing(not_modified=True, etag=state.etag, last_modified=state.last_modified)
    documents = _parse(source, location, response.content, response_charset(response))
    return Listing(documents, False, response.etag, response.last_modified)


def response_charset(response: Response | None) -> str | None:
    """The charset named in a response's Content-Type header, if any."""
    if response is None:
        return None
    for part in response.content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


def page_text(response: Response) -> str:
    """A fetched page decoded: BOM, UTF-8, declared charset (header or meta), Cyrillic guess."""
    declared = declared_charset(response.content) or response_charset(response)
    text, _ = decode(response.content, declared)
    return text


def _parse(source: Source, location: str, data: bytes, charset: str | None) -> list[Document]:
    name = source.name
    if source.kind in ("rss", "atom"):
        return feed_documents(data, name)
    if source.kind == "sitemap":
        return sitemap_documents(data, name)
    if source.kind == "telegram_export":
        return export_documents(load_json(data, name), name)
    text, _ = decode(data, charset or declared_charset(data))
    if source.kind == "telegram_preview":
        return preview_documents(text, name)
    urls = [line.strip() for line in text.splitlines()]
    urls = [u for u in urls if u and not u.startswith("#")]
    bad = [n for n, u in enumerate(urls, 1) if not u.lower().startswith(("http://", "https://"))]
    if bad:  # the line's content is not quoted: the error is shown to every viewer
        raise ValueError(f"{name}: a page list holds only http(s) URLs; entry {bad[0]} is not one")
    return [Document(u, "record", "", {"url": u, "id": u}) for u in urls]


def _read_file(path: Path, limit: int) -> bytes:
    size = path.stat().st_size
    if size > limit:
        raise TooLarge(f"{path}: {size:,} bytes > limit {limit:,}")
    return path.read_bytes()
