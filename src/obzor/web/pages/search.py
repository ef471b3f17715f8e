"""The search page `/search`: hits with highlighted snippets, facets, paging; without a query,
the articles the filters keep."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from obzor.api import queries
from obzor.api.deps import MAX_OFFSET, store
from obzor.api.deps import search as run_search
from obzor.store.base import QueryError
from obzor.store.browse import FILTERS
from obzor.web.forms import member
from obzor.web.render import render

router = APIRouter(include_in_schema=False)
PAGE = 20  # results per page: one screen of snippets


@router.get("/search")
def search(
    request: Request,
    q: str = "",
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    sort: str = Query("relevance", pattern="^(relevance|date)$"),
) -> Response:
    if (denied := member(request)) is not None:
        return denied
    raw = {k: request.query_params.get(k) for k in FILTERS}
    try:
        filters = queries.clean_filters(raw)
        if q.strip():
            exact = request.query_params.get("exact") in ("1", "true", "on")
            result = run_search(request, q, filters, PAGE, offset, exact, sort)
        else:
            items, total = store(request).list_articles(PAGE, offset, **filters)
            result = {"items": items, "total": total, "facets": None}
    except (QueryError, ValueError) as e:
        return render(request, "search.html", 400, q=q, error=str(e), filters={}, result=None)

    def link(**change: Any) -> str:
        params = {"q": q, **filters, "sort": sort if sort != "relevance" else None, **change}
        return "/search?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})

    return render(
        request,
        "search.html",
        q=q,
        error=None,
        filters=filters,
        result=result,
        offset=offset,
        page=PAGE,
        link=link,
        sort=sort,
    )
