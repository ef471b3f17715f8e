"""CSV and JSONL rows: one per article, quote or event, or one per entity at the end."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from obzor.export import Rows

COLUMNS = {
    "articles": (
        "id", "title", "published", "outlet", "url", "language", "source", "story_id",
        "threats", "entities",
    ),
    "entities": ("key", "type", "name", "kb_id", "articles", "mentions", "first", "last"),
    "quotes": ("id", "article_id", "published", "speaker", "speaker_id", "direct", "text"),
    "events": ("id", "article_id", "type", "name", "date", "place", "participants"),
}  # fmt: skip


def tabular(fmt: str, kind: str, articles: Iterable[dict[str, Any]], store: Rows) -> Iterator[str]:
    """CSV (with a header) or JSON Lines of kind's rows."""
    rows = _rows(kind, articles, store)
    if fmt == "jsonl":
        for row in rows:
            yield json.dumps(row, ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS[kind], extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _cell(value: Any) -> Any:
    """Lists in a CSV cell: entity names or threat categories joined by "; "."""
    if not isinstance(value, list):
        return value
    return "; ".join(str(v.get("name") or v.get("category")) for v in value)


def _rows(kind: str, articles: Iterable[dict[str, Any]], store: Rows) -> Iterator[dict[str, Any]]:
    if kind == "articles":
        yield from articles
    elif kind == "quotes":
        for article in articles:
            yield from store.export_quotes(article["id"])
    elif kind == "events":
        for article in articles:
            yield from store.export_events(article["id"])
    else:
        yield from entity_rows(articles)


def entity_rows(articles: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One row per entity the articles name (memory grows with entities, not articles)."""
    seen: dict[str, dict[str, Any]] = {}
    for article in articles:
        day = (article["published"] or "")[:10] or None
        for e in article["entities"]:
            row = seen.setdefault(
                e["key"],
                {k: e[k] for k in ("key", "type", "name", "kb_id")}
                | {"articles": 0, "mentions": 0, "first": None, "last": None},
            )
            row["articles"] += 1
            row["mentions"] += e["mentions"]
            if day is not None:
                row["first"] = min(row["first"] or day, day)
                row["last"] = max(row["last"] or day, day)
    yield from sorted(seen.values(), key=lambda r: (-r["articles"], r["name"]))
