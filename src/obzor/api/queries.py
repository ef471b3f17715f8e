"""Search with filters, facets and pages: one function the REST API and the web pages share."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from obzor.store import Store
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
    store: Store,
    q: str,
    filters: dict[str, Any],
    limit: int,
    offset: int,
    exact: bool = False,
    sort: str = "relevance",
) -> dict[str, Any]:
    """A page of hits (snippet_html escaped, matches in <mark>), the total and the facets.
    exact: the words only, not the other names of a KB entity they name; sort: relevance
    (best first) or date (newest first)."""
    # Snippets (~3 ms each) only for the page shown: for the first hits at once when nothing
    # is filtered, else by a second pass up to the page's last kept hit.
    shown = offset + limit

    def run(cap: int, snippets: int) -> list[Any]:
        return store.search(q, cap, marks=HTML_MARKS, escape=html.escape, exact=exact,
                            snippets=snippets, sort=sort)  # fmt: skip

    hits = run(SEARCH_CAP, shown)
    kept = hits
    if filters:
        keep = store.filter_ids([h.id for h in hits], **filters)
        kept = [h for h in hits if h.id in keep]
        page = kept[offset:shown]
        last = hits.index(page[-1]) + 1 if page else 0
        if last > shown:
            marked = {h.id: h for h in run(last, last)}
            kept = [marked.get(h.id, h) for h in kept]
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


def briefing(store: Store, day: str) -> dict[str, Any]:
    """`obzor brief` for one day as data."""
    from obzor.report import build_brief  # the brief's NLP loads on first use, not at start

    return build_brief(store, day, day)


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
