"""Search with filters, facets and pages: one function the REST API and the web pages share."""

from __future__ import annotations

import html
import inspect
from collections.abc import Callable
from datetime import date
from typing import Any

from obzor.store.browse import FILTERS
from obzor.taxonomy.threats import CATEGORY_IDS

# Filters and facets look at this many best hits; a wider net costs time and rarely changes
# what an analyst reads (they refine the query instead).
SEARCH_CAP = 500
HTML_MARKS = ("<mark>", "</mark>")


def clean_filters(raw: dict[str, Any]) -> dict[str, Any]:
    """The known, non-empty filters; dates checked (ValueError names the bad one)."""
    out: dict[str, Any] = {}
    for key in FILTERS:
        value = raw.get(key)
        if value in (None, ""):
            continue
        if key == "threat" and value not in CATEGORY_IDS:
            raise ValueError(f"unknown threat {value!r}; one of: {', '.join(CATEGORY_IDS)}")
        if key.startswith("date_"):
            try:
                value = date.fromisoformat(str(value)).isoformat()
            except ValueError:
                raise ValueError(f"{key} must be a date YYYY-MM-DD, got {value!r}") from None
        out[key] = str(value)
    return out


def search(
    store: Any, q: str, filters: dict[str, Any], limit: int, offset: int, exact: bool = False
) -> dict[str, Any]:
    """A page of hits (snippet_html escaped, matches in <mark>), the total and the facets.
    exact: the words only, not the other names of a KB entity they name."""
    hits = store.search(q, SEARCH_CAP, marks=HTML_MARKS, escape=html.escape, exact=exact)
    keep = store.filter_ids([h.id for h in hits], **filters) if filters else {h.id for h in hits}
    kept = [h for h in hits if h.id in keep]
    items = [
        {
            "id": h.id,
            "title": h.title,
            "published": h.published,
            "outlet": h.outlet,
            "score": round(h.score, 4),
            "snippet_html": h.snippet,
        }
        for h in kept[offset : offset + limit]
    ]
    return {"items": items, "total": len(kept), "facets": store.facets([h.id for h in kept])}


def verb(store: Any, *names: str) -> Callable[..., Any] | None:
    """The first store verb among names that this store has (another issue may add it later)."""
    for name in names:
        fn = getattr(store, name, None)
        if callable(fn):
            return fn  # type: ignore[no-any-return]
    return None


def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call fn with the keyword arguments it accepts (other issues' verbs differ in options)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn(*args)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return fn(*args, **kwargs)
    return fn(*args, **{k: v for k, v in kwargs.items() if k in params})


def briefing(store: Any, day: str) -> dict[str, Any] | None:
    """`obzor brief` for one day as data (issue 5's obzor.report), or None without it."""
    try:
        from obzor.report import build_brief
    except ImportError:
        return None
    if verb(store, "stories", "story") is None:
        return None
    data: dict[str, Any] = build_brief(store, day, day)
    return data


def trend_series(trend: dict[str, dict[str, int]]) -> dict[str, Any]:
    """A brief's {day: {category: n}} as the chart's {"series": [{name, points}]}."""
    names = sorted({c for counts in trend.values() for c in counts})
    return {
        "series": [
            {
                "name": n,
                "points": [
                    {"period": d, "count": c[n]} for d, c in sorted(trend.items()) if n in c
                ],
            }
            for n in names
        ]
    }
