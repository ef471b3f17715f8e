"""Exports of what a search finds: CSV, JSONL, STIX 2.1 and co-mention graphs (GraphML, GEXF).

Every writer takes the rows ExportMixin.export_articles streams and yields text chunks, so the
CLI writes them to a file and the API streams them, in the same constant memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

FORMATS = ("csv", "jsonl", "stix", "graphml", "gexf")
KINDS = ("articles", "entities", "quotes", "events")  # what CSV and JSONL rows describe
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
    "stix": "application/stix+json;version=2.1",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
}
SUFFIXES = {"csv": "csv", "jsonl": "jsonl", "stix": "json", "graphml": "graphml", "gexf": "gexf"}


class Rows(Protocol):
    """What a writer needs from the store beyond the article rows."""

    def export_quotes(self, article_id: int) -> list[dict[str, Any]]: ...

    def export_events(self, article_id: int) -> list[dict[str, Any]]: ...


def chunks(
    fmt: str, articles: Iterable[dict[str, Any]], store: Rows, kind: str = "articles"
) -> Iterator[str]:
    """The export of articles in format fmt, as text chunks; kind chooses CSV/JSONL rows."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of: {', '.join(FORMATS)}")
    if kind not in KINDS:
        raise ValueError(f"unknown export kind {kind!r}; one of: {', '.join(KINDS)}")
    if fmt in ("csv", "jsonl"):
        from obzor.export.tabular import tabular

        return tabular(fmt, kind, articles, store)
    if fmt == "stix":
        from obzor.export.stix import bundle

        return bundle(articles, store)
    from obzor.export.graph import graph_text

    return graph_text(fmt, articles)
