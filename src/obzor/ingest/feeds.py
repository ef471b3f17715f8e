"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds, by feedparser, after the XML safety check."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser

from obzor.ingest.files import too_large
from obzor.ingest.xmlsafe import refuse_entities
from obzor.model import Document, Failure
from obzor.settings import Settings

_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_BLANKS = re.compile(r"\n\s*\n+")


def html_to_text(value: str) -> str:
    """Plain text of an HTML fragment: paragraphs and line breaks kept, tags dropped."""
    text = _TAG.sub("", _BREAK.sub("\n", value))
    lines = (" ".join(line.split()) for line in html.unescape(text).splitlines())
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def feed_documents(data: bytes, source: str) -> list[Document]:
    """One record Document per feed entry: its text (maybe only a summary) and fields.

    Raises UnsafeXML for entity declarations and ValueError for what is not a feed.
    """
    refuse_entities(data, source)
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no entries"
        raise ValueError(f"{source}: not a readable RSS/Atom feed ({reason})")
    outlet = _clean(parsed.feed.get("title"))
    language = (parsed.feed.get("language") or "")[:2].lower()
    docs = []
    for number, entry in enumerate(parsed.entries, 1):
        fields = {
            "title": _clean(entry.get("title")),
            "url": entry.get("link") or "",
            "published": entry.get("published") or dict.get(entry, "updated") or "",
            "outlet": outlet,
            "language": language if language.isalpha() else "",
            "id": entry.get("id") or entry.get("link") or "",
        }
        text = html_to_text(_body(entry))
        docs.append(
            Document(f"{source}#{number}", "record", text, {k: v for k, v in fields.items() if v})
        )
    return docs


def read_feed(path: Path, settings: Settings) -> Iterator[Document | Failure]:
    """Documents from a saved .rss/.atom file, or a Failure saying why not."""
    if (failure := too_large(path, settings)) is not None:
        yield failure
        return
    try:
        docs = feed_documents(path.read_bytes(), str(path))
    except ValueError as exc:
        yield Failure(str(path), str(exc))
        return
    for doc in docs:
        yield doc if doc.content.strip() else Failure(doc.source, "feed entry without text")


def _body(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((str(c.get("value") or "") for c in contents), key=len, default="")
    summary = str(entry.get("summary") or "")
    return best if len(best) > len(summary) else summary


def _clean(value: Any) -> str:
    return html_to_text(str(value)) if value else ""
