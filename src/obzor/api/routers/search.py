"""GET /api/search: full-text search with filters, facets and pages (api/queries.py)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from obzor.api.deps import LIMIT, OFFSET, VIEWER, Filters, check_page, etag_json, page
from obzor.api.deps import search as run_search

router = APIRouter(prefix="/api", dependencies=VIEWER)


@router.get("/search", summary="Full-text search (Russian lemmas) with filters and facets")
def search(
    request: Request,
    f: Filters,
    q: str = Query(..., description='Query: words, "phrases", AND/OR/NOT, ( ), prefix*.'),
    limit: int = LIMIT,
    offset: int = OFFSET,
    exact: bool = Query(False, description="Words only: CSTO does not also find ОДКБ."),
    sort: str = Query("relevance", pattern="^(relevance|date)$",
                      description="relevance (best match first) or date (newest first)."),
) -> Response:  # fmt: skip
    check_page(limit, offset)
    result = run_search(request, q, f, limit, offset, exact, sort)  # QueryError: 400
    body = page(result["items"], result["total"], limit, offset)
    answer = {**body, "query": q, "sort": sort, "filters": f, "facets": result["facets"]}
    return etag_json(request, answer)
