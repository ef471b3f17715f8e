"""Entity search and browse (by name, type, country, KB id: kb/find.py) and the pages' export
downloads."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from obzor.api import queries
from obzor.api.deps import MAX_OFFSET, store
from obzor.api.routers.exports import export_response
from obzor.export import FORMATS, KINDS
from obzor.kb.find import entity_query, states
from obzor.kb.loader import load_kb
from obzor.store.base import QueryError
from obzor.store.exports import NARROW
from obzor.web.forms import member
from obzor.web.pages import error_page, page_language, render, templates

router = APIRouter(include_in_schema=False)
PAGE = 50  # entities per browse page: a long list still fits a screen or two
TYPES = ("PER", "ORG", "LOC")


@router.get("/entities")
def entities(
    request: Request,
    q: str = "",
    type: str = Query("", pattern="^(|PER|ORG|LOC)$"),
    country: str = "",
    kb: str = "",
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> Response:
    if (denied := member(request)) is not None:
        return denied
    names, ids = entity_query(q, country, kb)
    rows = store(request).find_entities(names, type=type or None, kb_ids=ids, limit=PAGE + 1,
                                        offset=offset)  # fmt: skip

    def link(**change: Any) -> str:
        params = {"q": q, "type": type, "country": country, "kb": kb, **change}
        return "/entities?" + urlencode({k: v for k, v in params.items() if v})

    return render(
        request, "entities.html", items=rows[:PAGE], more=len(rows) > PAGE, offset=offset,
        page=PAGE, link=link, q=q, type=type, country=country, kb=kb, types=TYPES,
        countries=states(load_kb(), page_language(request)),
    )  # fmt: skip


@router.get("/export")
def export(
    request: Request,
    format: str = Query(pattern="^(" + "|".join(FORMATS) + ")$"),
    kind: str = Query("articles", pattern="^(" + "|".join(KINDS) + ")$"),
    q: str = "",
    exact: bool = False,
) -> Response:
    """The download behind the export buttons of the search, story and entity pages."""
    if (denied := member(request)) is not None:
        return denied
    raw = {k: request.query_params.get(k) for k in ("threat", "entity", "date_from", *NARROW)}
    story = raw.pop("story", None)
    try:
        filters = queries.clean_filters(raw)
        narrow = {k: v for k, v in filters.items() if k in NARROW}
        if story:
            narrow["story"] = str(int(story))
        return export_response(
            store(request), format, kind, q.strip() or None, filters.get("threat"),
            filters.get("entity"), filters.get("date_from"), exact, narrow,
        )  # fmt: skip
    except (QueryError, ValueError) as e:
        return error_page(request, 400, str(e))


def export_link(fmt: str, q: str = "", **filters: Any) -> str:
    """The URL of an export button: the page's query and filters in one format."""
    params = {"format": fmt, "q": q, **filters}
    return "/export?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


templates.env.globals["export_link"] = export_link
